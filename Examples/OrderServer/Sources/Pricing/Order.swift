/// An order as a client sends it.
public struct OrderRequest: Codable, Sendable {
    public struct Line: Codable, Sendable {
        public var sku: String
        public var quantity: Int
    }

    public var customer: String
    public var tier: Tier
    public var lines: [Line]
    public var coupon: String?
    /// The card the payment provider gave us a token for; never shown in snapshots.
    public var paymentToken: String

    public enum Tier: String, Codable, Sendable { case standard, silver, gold }
}

/// What an order costs, in cents.
public struct Quote: Codable, Sendable, Equatable {
    public var subtotal: Int
    public var discount: Int
    public var tax: Int
    public var total: Int
}

/// Why an order is refused, in words for the client.
public struct OrderError: Error, Equatable {
    public var message: String
}
