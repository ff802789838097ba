/// Which values never leave a capture: variables, fields, dictionary entries and
/// expression steps whose name is a secret word, and values of types marked never-capture.
/// Their value becomes `<redacted>` in snapshots, watches and log messages, and a condition
/// that reads one is an error (so a condition cannot probe a secret a guess at a time).
///
/// A name is a secret when, lowercased and with `_ - $ @` removed, it is or ends with one
/// of `names`: `password`, `userPassword`, `db_password` and `X-Api-Key` are secrets;
/// `passwordPolicy` is not. `excludedNames` (compared the same way, whole) lets a name
/// through.
public struct Redaction: Sendable, Equatable {
    /// The built-in secret words, in their normalised form.
    public static let defaultNames: Set<String> = [
        "password", "passwd", "pwd", "passphrase", "secret", "clientsecret", "token", "accesstoken",
        "refreshtoken", "idtoken", "bearer", "jwt", "apikey", "accesskey", "secretkey", "privatekey",
        "signingkey", "encryptionkey", "masterkey", "licensekey", "authorization", "auth", "oauth",
        "credential", "credentials", "cookie", "setcookie", "sessionid", "sessionkey", "csrf", "xsrf",
        "otp", "pincode", "cvv", "cvc", "ssn", "creditcard", "cardnumber", "iban", "signature",
        "connectionstring", "databaseurl",
    ]

    public var names: Set<String> { didSet { secretSuffixes = Self.byLastByte(names) } }
    public var excludedNames: Set<String> { didSet { excludedKeys = Self.bytes(excludedNames) } }
    /// `names` and `excludedNames`, normalised, as bytes: `isSecret` runs for every captured
    /// node, and comparing bytes allocates nothing. The secret words are kept by their last
    /// byte, so a name is compared only with the few words that could end it.
    private var secretSuffixes: [[[UInt8]]]
    private var excludedKeys: [[UInt8]]
    /// Type names, bare (`Credentials`) or module-qualified (`App.Credentials`).
    public var neverCapturedTypes: Set<String>

    public init(
        names: Set<String> = Redaction.defaultNames, excludedNames: Set<String> = [],
        neverCapturedTypes: Set<String> = []
    ) {
        self.names = Set(names.map(Self.normalised))
        self.excludedNames = Set(excludedNames.map(Self.normalised))
        self.neverCapturedTypes = neverCapturedTypes
        secretSuffixes = Self.byLastByte(self.names)
        excludedKeys = Self.bytes(self.excludedNames)
    }

    private static func bytes(_ names: Set<String>) -> [[UInt8]] { names.map { Array(normalised($0).utf8) } }

    private static func byLastByte(_ names: Set<String>) -> [[[UInt8]]] {
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for word in bytes(names) where !word.isEmpty { buckets[Int(word[word.count - 1])].append(word) }
        return buckets
    }

    public static func == (lhs: Redaction, rhs: Redaction) -> Bool {
        lhs.names == rhs.names && lhs.excludedNames == rhs.excludedNames && lhs.neverCapturedTypes == rhs.neverCapturedTypes
    }

    /// The marker that stands in for a redacted value.
    public static let marker = "<redacted>"

    /// Whether a variable, field or key of this name is a secret. Subscript names such as
    /// `["Authorization"]` are judged by their key.
    public func isSecret(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return isSecretSlowly(String(decoding: utf8, as: UTF8.self)) }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count) { buffer in
                var count = 0
                for byte in utf8 where !Self.ignoredBytes.contains(byte) {
                    buffer[count] = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
                    count += 1
                }
                let key = UnsafeBufferPointer(rebasing: buffer[..<count])
                guard count > 0, !excludedKeys.contains(where: { $0.elementsEqual(key) }) else { return false }
                return secretSuffixes[Int(key[count - 1])].contains { $0.count <= count && key.suffix($0.count).elementsEqual($0) }
            }
        }
    }

    /// Names with characters beyond ASCII, judged through Unicode lowercasing.
    private func isSecretSlowly(_ name: String) -> Bool {
        let key = Self.normalised(name)
        guard !key.isEmpty, !excludedNames.contains(key) else { return false }
        return names.contains { key.hasSuffix($0) }
    }

    /// The bytes `normalised` removes: `_ - $ @ [ ] " '` and space.
    private static let ignoredBytes: [UInt8] = Array("_-$@[]\"' ".utf8)

    /// Whether `value`, found under `name`, must not be shown: a value already redacted, a
    /// secret name, or a never-captured type. Captures, log rendering and expressions all
    /// ask this one question.
    func hides(_ value: Any, named name: String) -> Bool {
        type(of: value) == RedactedValue.self || isSecret(name) || hidesType(value)
    }

    /// Whether `value` is of a never-captured type (or a C value whose type is one).
    func hidesType(_ value: Any) -> Bool {
        guard !neverCapturedTypes.isEmpty else { return false }
        return (value as? CValue).map { neverCapturedTypes.contains($0.typeName) } ?? isNeverCaptured(type(of: value))
    }

    /// Whether values of this type, or optionals of it, are never captured.
    public func isNeverCaptured(_ type: Any.Type) -> Bool {
        guard !neverCapturedTypes.isEmpty else { return false }
        return [_typeName(type, qualified: false), _typeName(type, qualified: true)].contains { name in
            var name = Substring(name)
            for wrapper in ["Optional<", "Swift.Optional<"] where name.hasPrefix(wrapper) && name.hasSuffix(">") {
                name = name.dropFirst(wrapper.count).dropLast()
            }
            return neverCapturedTypes.contains(String(name))
        }
    }

    static func normalised(_ name: String) -> String {
        String(name.lowercased().filter { !"_-$@[]\"' ".contains($0) })
    }
}

/// A value that was redacted on its way out of an expression: it renders as the marker and
/// cannot be compared.
struct RedactedValue {
    /// The expression step that named the secret, for error messages.
    let source: String
    /// The type of the value it stands for.
    let typeName: String
}
