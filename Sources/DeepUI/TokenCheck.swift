import HTTPTypes
import Hummingbird

/// Refuses every request that does not carry the access token, and marks every response as
/// the page's own: not to be framed, cached, or sent on as a referrer (the token is in the
/// page's address).
struct TokenCheck: RouterMiddleware {
    typealias Context = BasicRequestContext

    let token: AccessToken

    static var header: HTTPField.Name { HTTPField.Name("X-Deep-Token")! }

    /// Only this server's script and style run in the page; no other page frames it, and no
    /// address (which holds the token) is sent on as a referrer or kept in a cache.
    static let pageHeaders: [(HTTPField.Name, String)] = [
        ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ].map { (HTTPField.Name($0)!, $1) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let given = request.headers[Self.header].map { Substring($0) } ?? request.uri.queryParameters["token"]
        var response =
            if let given, token.matches(given) {
                try await next(request, context)
            } else {
                Reply.error(
                    .forbidden,
                    "this request has no valid token: open the address `deep ui` printed (http://127.0.0.1:PORT/?token=...)")
            }
        for (name, value) in Self.pageHeaders { response.headers[name] = value }
        return response
    }
}
