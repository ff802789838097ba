#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output for results, standard error for notes and errors.
///
/// Text may carry what a program captured or an operator wrote, so control characters other
/// than newline and tab are shown escaped (`\u{1B}`): a captured string cannot move the
/// cursor, recolour or retitle the terminal that reads it.
package enum Output {
    package static func line(_ text: String) {
        print(printable(text))
        flush()
    }

    package static func error(_ text: String) {
        let line = printable(text) + "\n"
        _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }

    package static func flush() {
        fflush(nil)
    }

    /// `text` with C0 and C1 control characters (but newline and tab) and DEL escaped.
    package static func printable(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
