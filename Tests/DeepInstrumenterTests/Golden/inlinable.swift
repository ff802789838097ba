public struct Library {
    @inlinable
    public func inlined(_ value: Int) -> Int {
        let doubled = value * 2
        return [doubled].map { $0 + 1 }[0]
    }

    @_alwaysEmitIntoClient
    public var emitted: Int {
        let value = 1
        return value
    }

    @_transparent
    public func transparent() -> Int { 1 }

    @usableFromInline
    func helper() -> Int {
        let value = 3
        return value
    }
}
