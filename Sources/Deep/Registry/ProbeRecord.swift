import Atomics
import CDeepRuntime
import DeepModel
import DeepProbeABI

/// One instrumented file as its probe record describes it (deep_probe.h).
struct ProbeRecord: @unchecked Sendable {
    /// Where the record's parts lie.
    let layout: ProbeRecordLayout
    /// The record's first word; the identity the probes pass to `_deepProbeHit`.
    let base: UnsafeMutablePointer<UInt64>
    /// Lines that have a probe, ascending.
    let probedLines: [Int]

    /// Reads the record at `words`; nil if it is not a record this runtime understands.
    /// `length` is the number of words available from `words`.
    init?(at words: UnsafeMutablePointer<UInt64>, length: Int) {
        guard let layout = ProbeRecordLayout(reading: words, length: length) else { return nil }
        self.layout = layout
        base = words
        probedLines = layout.probedLines(in: words)
    }

    /// The file's original path, as `#sourceLocation` names it.
    var path: String { layout.path }
    /// The lines of each copy region, by index (deep_probe.h).
    var regions: [ClosedRange<Int>] { layout.regions }
    /// Words the record occupies.
    var wordCount: Int { layout.wordCount }

    /// Sets the enabled bits to exactly `lines` (each must have a probe), and the bits of the
    /// regions that hold one of them. Only the agent thread calls this, after publishing the
    /// table those lines refer to. Region bits go first, so that a copy region entered from
    /// then on runs its probed copy by the time its lines' bits are set.
    func setEnabledLines(_ lines: Set<Int>) {
        var regionWords = [UInt64](repeating: 0, count: deep_record_region_words(regions.count))
        for (index, region) in regions.enumerated() where lines.contains(where: region.contains) {
            regionWords[index / 64] |= 1 << UInt64(index % 64)
        }
        var words = [UInt64](repeating: 0, count: layout.bitmapWords)
        for line in lines where line / 64 < layout.bitmapWords { words[line / 64] |= 1 << UInt64(line % 64) }
        for (index, value) in regionWords.enumerated() {
            bits(at: layout.regionMapWord + index).store(value, ordering: .releasing)
        }
        for (index, value) in words.enumerated() { bits(at: layout.enabledWord + index).store(value, ordering: .releasing) }
    }

    /// Clears one line's enabled bit; hits call this to switch a paused probe off.
    func disable(line: Int) {
        guard line / 64 < layout.bitmapWords else { return }
        let (word, mask) = layout.enabledBit(line: line)
        _ = bits(at: word).loadThenBitwiseAnd(with: ~mask, ordering: .relaxed)
    }

    private func bits(at word: Int) -> UnsafeAtomic<UInt64> {
        UnsafeAtomic<UInt64>(
            at: UnsafeMutableRawPointer(base + word)
                .assumingMemoryBound(to: UnsafeAtomic<UInt64>.Storage.self))
    }

    /// Every record linked into this image, walked from the `deep_probes` section.
    static func linked() -> [ProbeRecord] {
        guard let begin = deep_records_begin(), let end = deep_records_end() else { return [] }
        return walk(UnsafeMutablePointer(mutating: begin), count: end - begin)
    }

    /// The records in `count` words from `words`, skipping words that start none (alignment
    /// padding between object files, records of another version).
    static func walk(_ words: UnsafeMutablePointer<UInt64>, count: Int) -> [ProbeRecord] {
        var records: [ProbeRecord] = []
        var index = 0
        while index < count {
            if let record = ProbeRecord(at: words + index, length: count - index) {
                records.append(record)
                index += record.wordCount
            } else {
                index += 1
            }
        }
        return records
    }
}
