import Deep

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension DeepServer {
    /// The server the environment names, or nil (embedded mode) when `DEEP_SERVICE_URL` is
    /// unset or not `host:port`. The names and meanings are those of Deep's Python agent:
    ///
    /// - `DEEP_SERVICE_URL`: `host:port` of the Deep server (`http://` or `https://` in front
    ///   also sets `DEEP_SERVICE_SECURE`).
    /// - `DEEP_SERVICE_SECURE`: TLS on or off; on by default.
    /// - `DEEP_POLL_TIMER`: seconds between polls; 10 by default.
    /// - `DEEP_SERVICE_AUTH`: the `authorization` header value, such as `Bearer abc`; or
    ///   `DEEP_SERVICE_USERNAME` and `DEEP_SERVICE_PASSWORD` for basic authentication.
    /// - `DEEP_SERVICE_NAME`: `service.name`.
    /// - `DEEP_RESOURCE_ATTRIBUTES`: more attributes, `key=value,key=value`; a `,` or `=` in
    ///   a value is written `%2C` or `%3D`.
    /// - `DEEP_SERVICE_TIMEOUT` (this runtime's own): seconds one call may take; 10 by default.
    /// - `DEEP_SERVICE_CA_FILE` (this runtime's own): a PEM file of certificates to trust in
    ///   place of the system's roots.
    ///
    /// A value that does not parse is reported on standard error and its default is used.
    public static func fromEnvironment() -> DeepServer? {
        fromEnvironment(ProcessInfo.processInfo.environment)
    }

    static func fromEnvironment(_ environment: [String: String]) -> DeepServer? {
        guard let url = environment["DEEP_SERVICE_URL"], !url.isEmpty else { return nil }
        guard var server = parse(url: url) else {
            RuntimeLog.warning(
                "DEEP_SERVICE_URL=\(url) is not host:port (such as deep.example.com:43315); "
                    + "fleet mode is off")
            return nil
        }
        let settings = EnvironmentSettings(environment: environment)
        settings.read("DEEP_SERVICE_SECURE", into: &server.secure)
        var seconds = 10.0
        settings.read("DEEP_POLL_TIMER", into: &seconds)
        server.pollInterval = .milliseconds(Int64(seconds * 1000))
        var timeout = 10.0
        settings.read("DEEP_SERVICE_TIMEOUT", into: &timeout)
        server.callTimeout = .milliseconds(Int64(timeout * 1000))
        server.trustedCertificatesFile = environment["DEEP_SERVICE_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let header = environment["DEEP_SERVICE_AUTH"], !header.isEmpty {
            server.authorization = header
        } else if let user = environment["DEEP_SERVICE_USERNAME"], let password = environment["DEEP_SERVICE_PASSWORD"] {
            server.authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
        server.serviceName = environment["DEEP_SERVICE_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = environment["DEEP_RESOURCE_ATTRIBUTES"] {
            server.resourceAttributes = parse(attributes: text) { item in
                settings.report("DEEP_RESOURCE_ATTRIBUTES", item, "key=value", default: "nothing for it")
            }
        }
        return server
    }

    /// `host:port`, `[v6]:port`, optionally after `http://` or `https://`.
    static func parse(url text: String) -> DeepServer? {
        var rest = Substring(EnvironmentSettings.trimmed(text))
        var secure: Bool?
        for (scheme, isSecure) in [("https://", true), ("http://", false)] where rest.hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            secure = isSecure
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = rest[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains("/") else { return nil }
        var server = DeepServer(host: String(host), port: port)
        if let secure { server.secure = secure }
        return server
    }

    /// `key=value` items separated by commas; keys and values are trimmed and values
    /// percent-decoded. An item without `=` goes to `reportBad` and is left out.
    static func parse(attributes text: String, reportBad: (String) -> Void) -> [String: String] {
        var attributes: [String: String] = [:]
        for item in text.split(separator: ",") {
            guard let equals = item.firstIndex(of: "=") else {
                if !EnvironmentSettings.trimmed(item).isEmpty { reportBad(String(item)) }
                continue
            }
            let key = EnvironmentSettings.trimmed(item[..<equals])
            let value = EnvironmentSettings.trimmed(item[item.index(after: equals)...])
            guard !key.isEmpty else {
                reportBad(String(item))
                continue
            }
            attributes[key] = value.removingPercentEncoding ?? value
        }
        return attributes
    }
}
