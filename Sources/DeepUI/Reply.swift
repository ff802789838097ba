import DeepWorkspace
import Foundation
import Hummingbird

/// The server's responses: JSON for the API, the assets as they are.
enum Reply {
    /// `value` as JSON.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        text(JSONText.encode(value), type: "application/json; charset=utf-8", status: status)
    }

    /// A JSON text as it is.
    static func json(text: String) -> Response {
        self.text(text, type: "application/json; charset=utf-8")
    }

    /// `{"error": message, "field": field}`: the page shows `message` under `field`.
    static func error(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) -> Response {
        json(Problem(error: message, field: field), status: status)
    }

    /// A refused or failed request on the service directory: 400 for what the request got
    /// wrong, 404 for what is missing, 500 for a file that cannot be read or written.
    static func failure(_ failure: Failure) -> Response {
        let status: HTTPResponse.Status =
            switch failure.kind {
            case .refused: .badRequest
            case .missing: .notFound
            case .malformed, .io: .internalServerError
            }
        return error(status, failure.message, field: failure.field)
    }

    /// What `body` answers, or its failure as `failure` answers it.
    static func answering(_ body: () throws(Failure) -> Response) -> Response {
        do {
            return try body()
        } catch {
            return failure(error)
        }
    }

    static func text(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private struct Problem: Encodable {
        let error: String
        let field: String?
    }
}
