import Foundation
import Testing

/// What the fuzzer found stays found: every input of the committed corpus (`scripts/fuzz`
/// merges new ones into Fuzz/Corpus) runs through its target again in the plain build.
@Suite struct FuzzCorpusTests {
    @Test(arguments: ["expressions", "tracepoints", "rewriter"])
    func theCorpusRunsThroughItsTarget(target: String) throws {
        let corpus = FixturePackage.repository.appendingPathComponent("Fuzz/Corpus/\(target)")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: corpus.path).count
        #expect(inputs > 0)
        let result = try Command.run(FixturePackage.tool("deep-fuzz").path, [target, corpus.path])
        #expect(result.status == 0, "\(result.output.suffix(3000))")
        #expect(result.output.hasSuffix("\(target): \(inputs) inputs\n"))
    }
}
