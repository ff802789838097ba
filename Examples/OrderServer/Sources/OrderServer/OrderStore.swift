import Pricing

/// What the service answers for a placed order.
struct Receipt: Codable, Sendable {
    var id: Int
    var customer: String
    var quote: Quote
}

/// Placed orders, numbered from 1.
actor OrderStore {
    let pricer: Pricer
    private var receipts: [Int: Receipt] = [:]
    private var nextID = 1

    init(pricer: Pricer) {
        self.pricer = pricer
    }

    func place(_ order: OrderRequest) -> Result<Receipt, OrderError> {
        let quote: Quote
        do {
            quote = try pricer.quote(order)
        } catch {
            return .failure(error)
        }
        let receipt = Receipt(id: nextID, customer: order.customer, quote: quote)
        receipts[receipt.id] = receipt
        nextID += 1
        return .success(receipt)
    }

    func receipt(_ id: Int) -> Receipt? { receipts[id] }
}
