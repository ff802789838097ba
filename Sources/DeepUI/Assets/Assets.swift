import Hummingbird

/// What the browser loads: the page, its script and its style, all in this binary (no
/// external asset, nothing fetched from elsewhere). The page's links carry the token.
struct Assets: Sendable {
    let token: AccessToken

    func add(to router: Router<BasicRequestContext>) {
        let page = Self.page.replacingOccurrences(of: "{{token}}", with: token.value)
        router.get("/") { _, _ in Reply.text(page, type: "text/html; charset=utf-8") }
        router.get("/app.js") { _, _ in Reply.text(Self.script, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Reply.text(Self.style, type: "text/css; charset=utf-8") }
    }
}
