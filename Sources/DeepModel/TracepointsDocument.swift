#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The tracepoints file: `{"tracepoints": [...]}`. An entry that does not decode becomes
/// an error for its id (or its position) instead of failing the whole file.
package struct TracepointsDocument: Decodable {
    package var tracepoints: [Entry]

    /// The largest tracepoints file read: far more than a process installs (1,000 at most).
    package static let maximumBytes = 4 << 20

    /// The entries of a tracepoints file; an empty file (or only white space) has none.
    package static func decode(_ bytes: [UInt8]) throws -> [Entry] {
        guard bytes.contains(where: { !isSpace($0) }) else { return [] }
        return try JSONDecoder().decode(TracepointsDocument.self, from: Data(bytes)).tracepoints
    }

    /// JSON's white space.
    package static func isSpace(_ byte: UInt8) -> Bool { [0x20, 0x09, 0x0A, 0x0D].contains(byte) }

    package enum Entry: Decodable {
        case valid(Tracepoint)
        case invalid(id: String, message: String)
        /// Meant for other processes (a Deep server's `targeting`): not installed here.
        case excluded(id: String, message: String)

        package init(from decoder: any Decoder) throws {
            do {
                self = .valid(try Tracepoint(from: decoder))
            } catch {
                let id =
                    (try? decoder.container(keyedBy: Tracepoint.CodingKeys.self)
                        .decode(String.self, forKey: .id)) ?? "#\(decoder.codingPath.last?.intValue ?? 0)"
                self = .invalid(id: id, message: "invalid tracepoint: " + DecodingErrorText.describe(error))
            }
        }
    }
}
