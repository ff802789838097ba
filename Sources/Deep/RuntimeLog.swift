import Logging

/// The runtime's messages to the operator (a file it cannot write, a setting it cannot read,
/// a Deep server out of reach), through swift-log under the label `deep`: they land wherever
/// the program's logging goes, with its metadata, and on standard error in a program that
/// never bootstrapped logging (swift-log's default).
package enum RuntimeLog {
    /// Something the operator should fix; the runtime carries on without it.
    package static func warning(_ message: String) { logger().warning("\(message)") }

    /// Something the operator may want to know, such as a connection back.
    package static func notice(_ message: String) { logger().notice("\(message)") }

    /// Made for each message, so that one written before the program bootstraps its logging
    /// does not keep later ones from the program's handler. Messages are rare.
    private static func logger() -> Logger { Logger(label: "deep") }
}
