/// How much one snapshot may take. The defaults follow Deep's agent (depth 5, 10 elements
/// per collection, strings of 1024 characters, 1000 variables) and Cloud Debugger (32 KB
/// per snapshot). Whatever a limit cuts is marked in the snapshot.
public struct CaptureLimits: Sendable, Equatable {
    /// Levels of fields below a variable (a variable is level 1).
    public var maxDepth = 5
    public var maxCollectionSize = 10
    public var maxStringLength = 1024
    public var maxVariables = 1000
    /// The snapshot's estimated JSON size in bytes (names, types and values).
    public var maxSnapshotBytes = 32 * 1024

    public init() {}

    /// The most any limit may be, from the environment or a tracepoint: capture runs on the
    /// thread that hit the probe, and goes one call deeper per level.
    public static let maximum: CaptureLimits = {
        var maximum = CaptureLimits()
        maximum.maxDepth = 32
        maximum.maxCollectionSize = 10_000
        maximum.maxStringLength = 1 << 20
        maximum.maxVariables = 100_000
        maximum.maxSnapshotBytes = 16 << 20
        return maximum
    }()

    /// Each limit, at most `maximum`'s.
    public func capped(at maximum: CaptureLimits) -> CaptureLimits {
        var result = self
        result.maxDepth = min(maxDepth, maximum.maxDepth)
        result.maxCollectionSize = min(maxCollectionSize, maximum.maxCollectionSize)
        result.maxStringLength = min(maxStringLength, maximum.maxStringLength)
        result.maxVariables = min(maxVariables, maximum.maxVariables)
        result.maxSnapshotBytes = min(maxSnapshotBytes, maximum.maxSnapshotBytes)
        return result
    }

    /// These limits with a tracepoint's own values put in.
    public func overridden(by overrides: Overrides) -> CaptureLimits {
        var result = self
        result.maxDepth = overrides.maxDepth ?? maxDepth
        result.maxCollectionSize = overrides.maxCollectionSize ?? maxCollectionSize
        result.maxStringLength = overrides.maxStringLength ?? maxStringLength
        result.maxVariables = overrides.maxVariables ?? maxVariables
        result.maxSnapshotBytes = overrides.maxSnapshotBytes ?? maxSnapshotBytes
        return result
    }

    /// The limits one tracepoint sets for itself (Deep's `MAX_VAR_DEPTH`,
    /// `MAX_COLLECTION_SIZE`, `MAX_STRING_LENGTH`, `MAX_VARIABLES`, plus the size).
    public struct Overrides: Codable, Equatable, Sendable {
        public var maxDepth: Int?
        public var maxCollectionSize: Int?
        public var maxStringLength: Int?
        public var maxVariables: Int?
        public var maxSnapshotBytes: Int?

        public init(
            maxDepth: Int? = nil, maxCollectionSize: Int? = nil, maxStringLength: Int? = nil,
            maxVariables: Int? = nil, maxSnapshotBytes: Int? = nil
        ) {
            self.maxDepth = maxDepth
            self.maxCollectionSize = maxCollectionSize
            self.maxStringLength = maxStringLength
            self.maxVariables = maxVariables
            self.maxSnapshotBytes = maxSnapshotBytes
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxDepth = "max_var_depth"
            case maxCollectionSize = "max_collection_size"
            case maxStringLength = "max_string_length"
            case maxVariables = "max_variables"
            case maxSnapshotBytes = "max_snapshot_bytes"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func positive(_ key: CodingKeys, atMost maximum: Int) throws -> Int? {
                guard let value = try container.decodeIfPresent(Int.self, forKey: key) else { return nil }
                guard (1...maximum).contains(value) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container,
                        debugDescription: "must be from 1 to \(maximum)")
                }
                return value
            }
            let most = CaptureLimits.maximum
            maxDepth = try positive(.maxDepth, atMost: most.maxDepth)
            maxCollectionSize = try positive(.maxCollectionSize, atMost: most.maxCollectionSize)
            maxStringLength = try positive(.maxStringLength, atMost: most.maxStringLength)
            maxVariables = try positive(.maxVariables, atMost: most.maxVariables)
            maxSnapshotBytes = try positive(.maxSnapshotBytes, atMost: most.maxSnapshotBytes)
        }
    }
}
