#if canImport(Glibc)
import Glibc
#endif

/// Attributes every snapshot of this process carries.
package enum ProcessAttributes {
    package static let current: [String: String] = [
        "process.pid": String(getpid()),
        "process.name": CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "",
        "deep.runtime": "swift-deep",
    ]
}
