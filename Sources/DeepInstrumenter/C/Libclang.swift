import CLibclang
import Foundation

/// libclang, loaded at run time on first use (see libclang_api.h for why).
///
/// Looked for in this order: `$DEEP_LIBCLANG`; Debian's `libclang-dev` (libclang 14) and
/// other `/usr/lib/llvm-N`; the `libclang.so` of the Swift toolchain that runs this tool.
final class Libclang: @unchecked Sendable {
    let api: deep_libclang
    /// `-resource-dir` for the clang headers (stddef.h, stdbool.h) beside the library; some
    /// builds of libclang (the Swift toolchain's) do not find them on their own.
    let resourceArguments: [String]

    private init(api: deep_libclang, path: String) {
        self.api = api
        let clang = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("clang")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: clang.path)) ?? []
        resourceArguments =
            versions.sorted().reversed().map { clang.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("include/stddef.h").path) }
            .map { ["-resource-dir", $0.path] } ?? []
    }

    /// The loaded library, or why none could be loaded.
    static let shared: Result<Libclang, CFrontendError> = load()

    private static func load() -> Result<Libclang, CFrontendError> {
        var tried: [String] = []
        let candidates = candidates()
        for candidate in candidates {
            guard FileManager.default.fileExists(atPath: candidate) else {
                if candidates.count == 1 { tried.append("\(candidate): no such file") }
                continue
            }
            var api = deep_libclang()
            if let failure = deep_libclang_load(candidate, &api) {
                tried.append("\(candidate): \(String(cString: failure))")
                continue
            }
            return .success(Libclang(api: api, path: candidate))
        }
        return .failure(.libclangMissing(tried: tried))
    }

    /// Paths to try, most specific first. A versioned LLVM directory is preferred to a bare
    /// `libclang.so` on the library path because libclang finds its own headers (stddef.h
    /// and the like) relative to where it was loaded from.
    static func candidates() -> [String] {
        if let explicit = ProcessInfo.processInfo.environment["DEEP_LIBCLANG"], !explicit.isEmpty { return [explicit] }
        var paths: [String] = []
        for version in (13...22).reversed() {
            paths.append("/usr/lib/llvm-\(version)/lib/libclang.so.1")
            paths.append("/usr/lib/llvm-\(version)/lib/libclang-\(version).so.1")
        }
        if let toolchain = toolchainLibraryDirectory() { paths.append(toolchain + "/libclang.so") }
        return paths
    }

    /// `usr/lib` of the Swift toolchain: beside `swift` on PATH, or above the Swift runtime
    /// this process loaded (`usr/lib/swift/linux/libswiftCore.so`).
    private static func toolchainLibraryDirectory() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let swift = URL(fileURLWithPath: String(directory)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            return swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("lib").path
        }
        return nil
    }

    /// Takes a CXString, returns its text and disposes of it.
    func string(_ value: CXString) -> String {
        defer { api.disposeString(value) }
        return api.getCString(value).map { String(cString: $0) } ?? ""
    }
}

/// Why a C file could not be instrumented, or why C files cannot be at all.
public enum CFrontendError: Error, CustomStringConvertible, Equatable {
    case libclangMissing(tried: [String])
    case compilationDatabase(path: String, detail: String)
    case unparsable(path: String, detail: String)

    public var description: String {
        switch self {
        case .libclangMissing(let tried):
            return "C files need libclang, which was not found. Install it (Debian/Ubuntu: "
                + "`apt-get install libclang-dev`) or point DEEP_LIBCLANG at a libclang.so."
                + (tried.isEmpty ? "" : " Tried: " + tried.joined(separator: "; "))
        case .unparsable(let path, let detail):
            return "\(path): \(detail)."
        case .compilationDatabase(let path, let detail):
            return
                "\(path): \(detail). Pass the build directory that holds compile_commands.json (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)."
        }
    }
}
