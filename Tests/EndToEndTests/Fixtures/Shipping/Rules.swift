/// Inlinable: its callers in other modules compile its body too, probes included.
@inlinable
public func shippingCost(for weight: Double) -> Double {
    let base = 4.5 // tp: shipping-rule
    return base + weight * 0.1
}
