/// Checks orders against the catalogue and prices them: volume, tier and coupon discounts,
/// capped, then tax.
public struct Pricer: Sendable {
    public var catalog: Catalog
    public var coupons: [String: Int] = ["WELCOME10": 10, "VIP25": 25]
    public var taxPercent = 20
    public var maxDiscountPercent = 30

    public init(catalog: Catalog = .standard) {
        self.catalog = catalog
    }

    public func validate(_ order: OrderRequest) throws(OrderError) {
        guard !order.lines.isEmpty else { throw OrderError(message: "an order needs at least one line") }
        for line in order.lines {
            guard let product = catalog.product(line.sku) else {
                throw OrderError(message: "unknown sku `\(line.sku)`")
            }
            guard line.quantity > 0 else { throw OrderError(message: "quantity of `\(line.sku)` must be positive") }
            guard line.quantity <= product.stock else {
                throw OrderError(message: "only \(product.stock) of `\(line.sku)` in stock")
            }
        }
        if let coupon = order.coupon, coupons[coupon] == nil {
            throw OrderError(message: "unknown coupon `\(coupon)`")
        }
    }

    public func quote(_ order: OrderRequest) throws(OrderError) -> Quote {
        try validate(order)
        let subtotal = order.lines.reduce(0) { sum, line in
            sum + catalog.product(line.sku)!.unitPrice * line.quantity
        }
        let items = order.lines.reduce(0) { $0 + $1.quantity }
        let volumePercent = items >= 10 ? 5 : 0
        let tierPercent = switch order.tier {
        case .standard: 0
        case .silver: 3
        case .gold: 8
        }
        let couponPercent = order.coupon.flatMap { coupons[$0] } ?? 0
        let discountPercent = min(volumePercent + tierPercent + couponPercent, maxDiscountPercent)
        let discount = subtotal * discountPercent / 100
        let tax = (subtotal - discount) * taxPercent / 100
        return Quote(subtotal: subtotal, discount: discount, tax: tax, total: subtotal - discount + tax)
    }
}
