/// The names of the variables an expression reads, as the UTF-8 a probe's names are
/// compared with (`ProbeName.same`: length first, then the bytes), each in memory of its
/// own that lives as long as this: a search walks plain pointers and retains nothing. A
/// class, so that a hit shares them.
final class VariableNames: Sendable {
    private nonisolated(unsafe) let names: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>

    /// The names, valid while this lives: what a hit searches.
    struct List {
        let names: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>

        /// The position of `name` among the names, if it is one.
        @inline(__always)
        func index(of name: ProbeName) -> Int? {
            switch name {
            case .literal(let literal) where literal.hasPointerRepresentation:
                return index(of: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            case .c(let text):
                // Compared up to the name's length and its NUL, with no strlen first.
                let text = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
                return names.indices.first { ProbeName.same(names[$0], cString: text) }
            default:
                return name.withUTF8 { index(of: $0) }
            }
        }

        var count: Int { names.count }

        private func index(of name: UnsafeBufferPointer<UInt8>) -> Int? {
            for index in names.indices where ProbeName.same(name, names[index]) { return index }
            return nil
        }
    }

    var list: List { List(names: UnsafeBufferPointer(names)) }

    /// The names' signatures, which a probe tests before it passes a variable.
    let filter: NameFilter

    init(_ names: some Sequence<String>) {
        let names = Array(names)
        self.names = .allocate(capacity: names.count)
        for (index, name) in names.enumerated() {
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, name.utf8.count))
            _ = copy.initialize(from: name.utf8)
            self.names.initializeElement(at: index, to: UnsafeBufferPointer(start: copy.baseAddress, count: name.utf8.count))
        }
        filter = NameFilter(self.names)
    }

    deinit {
        for name in names { UnsafeMutableRawPointer(mutating: name.baseAddress)?.deallocate() }
        names.deallocate()
    }
}
