import Foundation
import Testing

/// The disabled-probe cost promise, checked on machine code: in a release build every probe
/// site is one load of its record word, a test and a conditional jump, with no call, no
/// lazy-global check (`swift_once`) and no exclusivity check (`swift_beginAccess`) around it.
@Suite struct ProbeCostTests {
    @Test func aDisabledProbeIsALoadATestAndABranch() throws {
        let binary = try FixturePackage.release.get().executable("ProbeCost")
        let disassembly = try Command.run("objdump", ["-d", "--no-show-raw-insn", binary.path])
        try #require(disassembly.status == 0, "objdump failed: \(disassembly.output.prefix(500))")
        let function = try #require(Self.function(containing: "10probedLoop", in: disassembly.output))

        let instructions = function.map { $0.split(separator: "\t").dropFirst().joined(separator: " ") }
        let probeLoads = instructions.indices.filter { instructions[$0].contains("__deepRecord") }
        try #require(probeLoads.count >= 2, "expected probe sites in:\n\(function.joined(separator: "\n"))")
        for index in probeLoads {
            // The scheduler may put a move of the surrounding code between the load and the test.
            let site = Array(instructions[index...].prefix(5))
            let listing = site.joined(separator: " | ")
            #expect(site.first?.hasPrefix("mov") == true && site.first?.contains("(%rip)") == true, "\(listing)")
            let test = try #require(site.firstIndex { $0.hasPrefix("test") }, "no test after the load: \(listing)")
            #expect(site[1..<test].allSatisfy { $0.hasPrefix("mov") && !$0.contains("__deepRecord") }, "\(listing)")
            #expect(site.dropFirst(test + 1).first?.hasPrefix("j") == true, "\(listing)")
        }
        for forbidden in ["swift_once", "swift_beginAccess", "swift_endAccess"] {
            #expect(!instructions.contains { $0.contains(forbidden) }, "\(forbidden) in the probed function")
        }
    }

    /// The function is written twice (deep_probe.h, "Two copies"): its loop makes no calls,
    /// so the copy as written runs it with no probe inside; the check is on entry.
    @Test func aLoopWithoutCallsHasNoProbeInItsPlainCopy() throws {
        let binary = try FixturePackage.release.get().executable("ProbeCost")
        let disassembly = try Command.run("objdump", ["-d", "--no-show-raw-insn", binary.path])
        let function = try #require(Self.function(containing: "10probedLoop", in: disassembly.output))
        let loops = Self.loops(in: function)
        try #require(!loops.isEmpty, "no loop in:\n\(function.joined(separator: "\n"))")
        let plain = loops.filter { loop in !function[loop].contains { $0.contains("__deepRecord") } }
        #expect(!plain.isEmpty, "every loop loads the record:\n\(function.joined(separator: "\n"))")
        let probed = loops.filter { loop in function[loop].contains { $0.contains("__deepRecord") } }
        #expect(!probed.isEmpty, "no probed copy of the loop:\n\(function.joined(separator: "\n"))")
    }

    /// The instruction ranges of `function`'s loops: from a backward jump's target to the jump.
    static func loops(in function: [String]) -> [ClosedRange<Int>] {
        func address(_ line: String) -> UInt64? {
            UInt64(line.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) ?? "", radix: 16)
        }
        let addresses = function.map(address)
        return function.indices.compactMap { index in
            let fields = function[index].split(separator: "\t").dropFirst().joined(separator: " ").split(separator: " ")
            guard let mnemonic = fields.first, mnemonic.hasPrefix("j"), fields.count > 1,
                let target = UInt64(fields[1], radix: 16), let here = addresses[index], target <= here,
                let start = addresses.firstIndex(of: target)
            else { return nil }
            return start...index
        }
    }

    /// The instruction lines of the function whose symbol contains `name`.
    static func function(containing name: String, in disassembly: String) -> [String]? {
        let lines = disassembly.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasSuffix(">:") && $0.contains(name) }) else { return nil }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
    }
}
