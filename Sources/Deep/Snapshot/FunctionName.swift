/// The name of the function a hit was in, kept as the probe gave it when that outlives the
/// hit (a Swift literal), copied when it does not (a C probe's string).
enum FunctionName: Sendable, CustomStringConvertible {
    case literal(StaticString)
    case copied(String)

    init(_ name: ProbeName) {
        switch name {
        case .literal(let text): self = .literal(text)
        case .c: self = .copied(name.description)
        }
    }

    var description: String {
        switch self {
        case .literal(let text): text.description
        case .copied(let text): text
        }
    }
}
