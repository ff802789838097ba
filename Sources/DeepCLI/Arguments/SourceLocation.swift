import ArgumentParser

/// `path:line`, or a path alone (`line` nil) where a method names the rest.
struct SourceLocation: ExpressibleByArgument {
    let path: String
    let line: Int?

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let line = Int(argument[argument.index(after: colon)...]) else {
            guard !argument.isEmpty, !argument.hasSuffix(":") else { return nil }
            (path, line) = (argument, nil)
            return
        }
        guard line > 0, colon > argument.startIndex else { return nil }
        path = String(argument[..<colon])
        self.line = line
    }

    static var defaultCompletionKind: CompletionKind { .file() }
}
