public func shippingCost(for weight: Double) -> Double {
    let base = 4.5 // tp: shipping-rule
    return base + weight * 0.1
}
