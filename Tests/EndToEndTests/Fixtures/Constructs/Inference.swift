/// A chain of single-expression closures over values whose types are inferred (modelled on
/// swift-argument-parser's `asyncCompletions`): probes inside those closures that read their
/// untyped parameters once made this expression too slow to type-check. Their probes (lines
/// inside, wrapped literals, closing braces) now read typed parameters only.
struct PathKey { init(name: String, parent: PathKey?) {} }
protocol PathProvider { func paths(for key: PathKey) -> [Bool] }
protocol NestedPaths { static var wrapped: PathOwner.Type { get } }
protocol PathOwner { init() }
extension PathOwner {
    static func paths(parent: PathKey?, path: String) -> [String] {
        Mirror(reflecting: self.init())
            .children
            .flatMap { child in
                child.label
                    .map { $0.hasPrefix("_") ? String($0.dropFirst()) : $0 }
                    .flatMap { label in
                        (type(of: child.value) as? NestedPaths.Type)?
                            .wrapped.paths(
                                parent: PathKey(name: label, parent: parent),
                                path: "\(path).\(label)"
                            )
                            ?? (child.value as? PathProvider)?
                            .paths(for: PathKey(name: label, parent: parent))
                            .compactMap { isAsync in
                                guard isAsync else {
                                    return nil
                                }
                                return "\(path).\(label)"
                            }
                    }
                    ?? []
            }
    }
}

struct Flags: PathProvider {
    func paths(for key: PathKey) -> [Bool] { [true, false] }
}

struct Options: PathOwner {
    var _verbose = Flags()
    var name = "x"
}
