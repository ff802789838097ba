import ArgumentParser

/// Why a command stopped, in words that say what to do, and its exit code.
struct Failure: Error {
    let message: String
    let exitCode: ExitCode

    /// The request was refused: an invalid location or expression, an unknown id.
    static func refused(_ message: String) -> Failure { Failure(message: message, exitCode: .refused) }
    /// A file is not in the format it should be.
    static func malformed(_ message: String) -> Failure { Failure(message: message, exitCode: .malformed) }
    /// Something to read is missing: no probe manifest, no snapshots.
    static func missing(_ message: String) -> Failure { Failure(message: message, exitCode: .missing) }
    /// A file could not be read or written.
    static func io(_ message: String) -> Failure { Failure(message: message, exitCode: .io) }
}

extension ExitCode {
    static let refused = ExitCode(1)
    static let malformed = ExitCode(65)
    static let missing = ExitCode(66)
    static let io = ExitCode(74)
}
