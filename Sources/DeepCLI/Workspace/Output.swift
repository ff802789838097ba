#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output for results, standard error for notes and errors.
enum Output {
    static func line(_ text: String) {
        print(text)
        flush()
    }

    static func error(_ text: String) {
        let line = text + "\n"
        _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }

    static func flush() {
        fflush(nil)
    }
}
