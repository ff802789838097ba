/// What the shop sells, by SKU, with unit prices in cents.
public struct Catalog: Sendable {
    public struct Product: Sendable {
        public var sku: String
        public var name: String
        public var unitPrice: Int
        public var stock: Int
    }

    var products: [String: Product]

    public static let standard = Catalog(products: [
        "book": Product(sku: "book", name: "Field guide", unitPrice: 1250, stock: 40),
        "lamp": Product(sku: "lamp", name: "Desk lamp", unitPrice: 3400, stock: 12),
        "pen": Product(sku: "pen", name: "Fountain pen", unitPrice: 120, stock: 500),
        "desk": Product(sku: "desk", name: "Standing desk", unitPrice: 21000, stock: 3),
    ])

    public func product(_ sku: String) -> Product? { products[sku] }
}
