/// What a probe passes for a variable it cannot copy or escape (a noncopyable value, a
/// non-escaping function, a C local whose layout differs from the build's): its type and
/// why, shown in place of the value.
struct UnreadableValue {
    let typeName: String
    let reason: String

    /// `value` as an unreadable one, if it is one: a type test, not a dynamic cast.
    static func of(_ value: Any) -> UnreadableValue? {
        type(of: value) == UnreadableValue.self ? (value as! UnreadableValue) : nil
    }
}
