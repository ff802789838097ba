import Foundation

struct LineItem: Codable {
    var sku: String
    var quantity: Int
    var unitPrice: Double
}

struct PurchaseOrder: Codable {
    var id: Int
    var customer: String
    var items: [LineItem]
    var paid: Bool
}

/// Encodes `orders` purchase orders to JSON, decodes them back, and sums what it read.
@inline(never)
public func jsonRoundTrip(orders: Int) -> Int {
    var batch: [PurchaseOrder] = []
    for id in 0..<orders {
        let items = (0..<4).map { LineItem(sku: "SKU-\(id)-\($0)", quantity: $0 + 1, unitPrice: Double($0) * 2.5) }
        batch.append(PurchaseOrder(id: id, customer: "customer \(id % 17)", items: items, paid: id % 3 == 0))
    }
    let data = try! JSONEncoder().encode(batch)
    let decoded = try! JSONDecoder().decode([PurchaseOrder].self, from: data)
    var checksum = data.count
    for order in decoded {
        checksum &+= order.id &+ order.items.reduce(0) { $0 &+ $1.quantity } &+ (order.paid ? 1 : 0)
    }
    return checksum
}
