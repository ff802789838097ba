/// The secret every request to the page's server must carry (`?token=` or the
/// `X-Deep-Token` header): a page on another site can reach 127.0.0.1 through the user's
/// browser, but cannot know it. A new one at each start.
package struct AccessToken: Sendable {
    package let value: String

    /// 128 random bits in hex.
    package init() {
        var generator = SystemRandomNumberGenerator()
        value = (0..<4).map { _ in String(UInt64(generator.next() as UInt32) | 0x1_0000_0000, radix: 16).dropFirst() }
            .joined()
    }

    package init(_ value: String) { self.value = value }

    /// Whether `given` is the token, compared in time that does not depend on where they differ.
    package func matches(_ given: Substring) -> Bool {
        let expected = Array(value.utf8)
        let actual = Array(given.utf8)
        guard actual.count == expected.count else { return false }
        return zip(expected, actual).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
