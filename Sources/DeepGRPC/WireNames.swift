/// Short names for the generated Deep wire types (deep-proto v1, see Protos/).
typealias WireTracePointConfig = Deepproto_Proto_Tracepoint_V1_TracePointConfig
typealias WireSnapshot = Deepproto_Proto_Tracepoint_V1_Snapshot
typealias WireVariable = Deepproto_Proto_Tracepoint_V1_Variable
typealias WireVariableID = Deepproto_Proto_Tracepoint_V1_VariableID
typealias WireStackFrame = Deepproto_Proto_Tracepoint_V1_StackFrame
typealias WireWatchResult = Deepproto_Proto_Tracepoint_V1_WatchResult
typealias WireMetric = Deepproto_Proto_Tracepoint_V1_Metric
typealias WireMetricType = Deepproto_Proto_Tracepoint_V1_MetricType
typealias WireKeyValue = Deepproto_Proto_Common_V1_KeyValue
typealias WireAnyValue = Deepproto_Proto_Common_V1_AnyValue
typealias WirePollRequest = Deepproto_Proto_Poll_V1_PollRequest
typealias WirePollResponse = Deepproto_Proto_Poll_V1_PollResponse

extension WireAnyValue {
    init(_ text: String) {
        self.init()
        stringValue = text
    }

    /// The value as text, as a targeting rule compares it with a resource attribute.
    var text: String {
        switch value {
        case .stringValue(let text): return text
        case .boolValue(let flag): return flag ? "true" : "false"
        case .intValue(let number): return String(number)
        case .doubleValue(let number): return String(number)
        case .bytesValue(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .arrayValue(let array): return array.values.map(\.text).joined(separator: ",")
        case .kvlistValue(let list): return list.values.map { "\($0.key)=\($0.value.text)" }.joined(separator: ",")
        case nil: return ""
        }
    }
}

extension WireKeyValue {
    init(_ key: String, _ value: WireAnyValue) {
        self.init()
        self.key = key
        self.value = value
    }

    init(_ key: String, _ text: String) { self.init(key, WireAnyValue(text)) }

    init(_ key: String, _ number: Int) {
        var value = WireAnyValue()
        value.intValue = Int64(number)
        self.init(key, value)
    }

    /// Attributes as key-values, sorted by key.
    static func list(_ attributes: [String: String]) -> [WireKeyValue] {
        attributes.sorted { $0.key < $1.key }.map { WireKeyValue($0.key, $0.value) }
    }
}
