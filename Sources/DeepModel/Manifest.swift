/// The probe manifest: which lines of which files have probes.
///
/// Written beside the instrumented tree (`deep-manifest.json`) so that the `deep` command
/// can check a tracepoint's location before a program runs. The runtime does not need it: each
/// instrumented binary carries the same facts in its probe records.
public struct Manifest: Codable, Equatable, Sendable {
    public var version: Int = 1
    /// The absolute directory that `files[].path` is relative to.
    public var root: String
    public var files: [File]
    /// Other manifests, relative to this one, whose files belong here too: the build
    /// plugin writes one part per source file, each when that file is instrumented.
    public var parts: [String]?

    public init(root: String, files: [File], parts: [String]? = nil) {
        self.root = root
        self.files = files
        self.parts = parts
    }

    public struct File: Codable, Equatable, Sendable {
        /// The source path relative to `root`.
        public var path: String
        /// The absolute original path, as `#sourceLocation` and the probe record name it.
        public var originalPath: String
        /// The instrumented copy, relative to the output directory.
        public var output: String
        /// Lines with a probe, ascending.
        public var lines: [Int]
        /// Executable statements, probed or not (nil in manifests written before they were counted).
        public var statements: Int?
        /// Lines with an executable statement, probed or not.
        public var executableLines: Int
        /// Executable statements without a probe, by reason.
        public var skipped: [String: Int]
        /// Its functions, as method tracepoints name them (nil in manifests written before).
        public var functions: [ProbedFunction]?

        public init(
            path: String, originalPath: String, output: String, lines: [Int], statements: Int,
            executableLines: Int, skipped: [String: Int], functions: [ProbedFunction] = []
        ) {
            self.path = path
            self.originalPath = originalPath
            self.output = output
            self.lines = lines
            self.statements = statements
            self.executableLines = executableLines
            self.skipped = skipped
            self.functions = functions
        }

        enum CodingKeys: String, CodingKey {
            case path, output, lines, statements, skipped, functions
            case originalPath = "original_path"
            case executableLines = "executable_lines"
        }
    }
}
