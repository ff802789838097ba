import Foundation

/// The compile flags of each file, read from a build's `compile_commands.json` as clang
/// tools read it (`-p DIR`).
struct CompilationDatabase {
    private var argumentsByFile: [String: [String]] = [:]

    /// Reads `compile_commands.json` in `directory` (or the file itself if one is named).
    init(path: String) throws(CFrontendError) {
        var url = URL(fileURLWithPath: path)
        if !url.path.hasSuffix(".json") { url.appendPathComponent("compile_commands.json") }
        struct Entry: Decodable {
            var directory: String
            var file: String
            var arguments: [String]?
            var command: String?
        }
        let entries: [Entry]
        do {
            entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: url))
        } catch {
            throw .compilationDatabase(path: url.path, detail: "cannot read it (\(error.localizedDescription))")
        }
        for entry in entries {
            let directory = URL(fileURLWithPath: entry.directory)
            let file = URL(fileURLWithPath: entry.file, relativeTo: directory).standardizedFileURL.resolvingSymlinksInPath()
            let command = entry.arguments ?? Self.split(entry.command ?? "")
            argumentsByFile[file.path] =
                ["-working-directory", entry.directory]
                + Self.compileFlags(Array(command.dropFirst()), file: entry.file)
        }
    }

    /// The flags for `file` (absolute), if the build compiles it.
    func arguments(for file: String) -> [String]? { argumentsByFile[file] }

    /// The flags that change how the file parses, without the compiler, the input, the
    /// output and dependency-file options.
    static func compileFlags(_ command: [String], file: String) -> [String] {
        var flags: [String] = []
        var skipNext = false
        for argument in command {
            if skipNext { skipNext = false; continue }
            switch argument {
            case "-c", "-MD", "-MMD", "-MP", file: continue
            case "-o", "-MF", "-MT", "-MQ": skipNext = true
            default: flags.append(argument)
            }
        }
        return flags
    }

    /// Splits a shell command line: spaces separate, quotes and backslashes escape.
    static func split(_ command: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in command {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" && quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
