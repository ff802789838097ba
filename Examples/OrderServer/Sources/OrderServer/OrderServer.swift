import Foundation
import Hummingbird
import Metrics
import Pricing
import Prometheus

/// An order service: `POST /orders` prices and stores an order, `GET /orders/{id}` reads it
/// back, `GET /health` answers `ok`, `GET /metrics` gives its metrics to Prometheus (the
/// metrics system is bootstrapped with swift-prometheus, so metric tracepoints land there
/// too). Listens on 127.0.0.1, port `PORT` (default 8080).
@main
struct OrderServer {
    static func main() async throws {
        let port = ProcessInfo.processInfo.environment["PORT"].flatMap(Int.init) ?? 8080
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let store = OrderStore(pricer: Pricer())
        let router = Router()
        router.get("health") { _, _ in "ok" }
        router.get("metrics") { _, _ -> Response in
            var text: [UInt8] = []
            registry.emit(into: &text)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
        router.post("orders") { request, context -> Response in
            let order = try await request.decode(as: OrderRequest.self, context: context)
            switch await store.place(order) {
            case .success(let receipt):
                return try encode(receipt, status: .created)
            case .failure(let error):
                return try encode(["error": error.message], status: .badRequest)
            }
        }
        router.get("orders/:id") { _, context -> Response in
            let id = try context.parameters.require("id", as: Int.self)
            guard let receipt = await store.receipt(id) else { return try encode(["error": "no order \(id)"], status: .notFound) }
            return try encode(receipt, status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }

    static func encode(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
