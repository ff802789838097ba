import ArgumentParser

/// `path:line`.
struct SourceLocation: ExpressibleByArgument {
    let path: String
    let line: Int

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let line = Int(argument[argument.index(after: colon)...]),
            line > 0, colon > argument.startIndex
        else { return nil }
        path = String(argument[..<colon])
        self.line = line
    }

    static var defaultCompletionKind: CompletionKind { .file() }
}
