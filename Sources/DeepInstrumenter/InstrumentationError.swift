/// Why a file or tree could not be instrumented. Nothing is written when one is thrown.
public enum InstrumentationError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, detail: String)
    case doesNotParse(path: String, detail: String)
    case noSources(paths: [String])
    case unwritable(path: String, detail: String)
    case cFrontend(CFrontendError)
    /// An input file is not UTF-8 text.
    case notUTF8(path: String)
    /// Writing would overwrite an input, or put copies into the tree they came from.
    case overlapsInput(output: String, input: String)
    /// `--in-place` was asked for a Swift file.
    case swiftInPlace(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let detail):
            return "\(path): cannot read: \(detail). Check that the path exists and is readable."
        case .doesNotParse(let path, let detail):
            return "\(path):\(detail). Fix the syntax error; nothing was written."
        case .noSources(let paths):
            return "no .swift or .c files in \(paths.joined(separator: ", ")). Pass source files or directories that contain them."
        case .cFrontend(let error):
            return error.description
        case .unwritable(let path, let detail):
            return "\(path): cannot write: \(detail). Choose another --output directory."
        case .notUTF8(let path):
            return "\(path): not UTF-8 text. Swift sources are read as UTF-8: convert the file (iconv -t UTF-8); nothing was written."
        case .overlapsInput(let output, let input):
            return "\(output) would overwrite or lie inside the input \(input): the sources would be lost or "
                + "instrumented again on the next run. Choose an --output outside the inputs; nothing was written."
        case .swiftInPlace(let path):
            return "\(path): --in-place rewrites C files only; a Swift file's copy must be built in its place under "
                + "another name. Use --output DIR for Swift; nothing was written."
        }
    }
}
