/// Why a request on the service directory was not carried out, in words that say what to do.
package struct Failure: Error, Sendable {
    package enum Kind: Sendable {
        /// The request was refused: an invalid location or expression, an unknown id.
        case refused
        /// A file is not in the format it should be.
        case malformed
        /// Something to read is missing: no probe manifest, no snapshots.
        case missing
        /// A file could not be read or written.
        case io
    }

    package let kind: Kind
    package let message: String
    /// What in the request it is about, as the request names it (`condition`, `log`,
    /// `watches`, `metrics`, `location`), when it is about one thing.
    package var field: String?

    /// The `deep` command's exit code for it.
    package var exitCode: Int32 {
        switch kind {
        case .refused: 1
        case .malformed: 65
        case .missing: 66
        case .io: 74
        }
    }

    package static func refused(_ message: String, field: String? = nil) -> Failure {
        Failure(kind: .refused, message: message, field: field)
    }
    package static func malformed(_ message: String) -> Failure { Failure(kind: .malformed, message: message) }
    package static func missing(_ message: String) -> Failure { Failure(kind: .missing, message: message) }
    package static func io(_ message: String) -> Failure { Failure(kind: .io, message: message) }
}
