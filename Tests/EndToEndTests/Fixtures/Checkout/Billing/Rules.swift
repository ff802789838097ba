func applyCoupon(_ coupon: String?, to amount: Double) -> Double {
    let rate = coupon == "HALF" ? 0.5 : 0 // tp: billing-rule
    return amount * (1 - rate)
}
