import Foundation
import Testing

/// The harness the end-to-end tests run programs with.
@Suite struct RunningProgramTests {
    /// A program that writes more to standard error than a pipe holds runs on: the harness
    /// reads it as it comes. (It once read it only at the end, and the Stress fixture, whose
    /// runtime logs every fire, stopped in a write under ThreadSanitizer, 24 minutes into a run
    /// of .ci/run, and failed.)
    @Test func standardErrorIsReadAsItComes() throws {
        let program = try RunningProgram(
            URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "head -c 200000 /dev/zero | tr '\\0' x >&2; echo done"])
        try program.wait(for: "the program to write past a pipe's capacity") { program.lines == ["done"] }
        let result = program.finish()
        #expect(result.status == 0)
        #expect(result.errors.count == 200_000)
    }
}
