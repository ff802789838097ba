import Atomics
import CDeepRuntime
import DeepProbeABI

/// One instrumented file as its probe record describes it (deep_probe.h).
struct ProbeRecord: @unchecked Sendable {
    /// The file's original path, as `#sourceLocation` names it.
    let path: String
    /// The record's first word; the identity the probes pass to `_deepProbeHit`.
    let base: UnsafeMutablePointer<UInt64>
    /// Lines that have a probe, ascending.
    let probedLines: [Int]
    /// The lines of each copy region, by index (deep_probe.h).
    let regions: [ClosedRange<Int>]
    private let enabledWord: Int
    private let bitmapWords: Int
    private let regionMapWord: Int

    /// Reads the record at `words`; nil if it is not a record this runtime understands.
    /// `length` is the number of words available from `words`.
    init?(at words: UnsafeMutablePointer<UInt64>, length: Int) {
        guard length >= Int(DEEP_RECORD_HEADER_WORDS), words[0] == DEEP_RECORD_MAGIC,
              (1...UInt64(DEEP_RECORD_VERSION)).contains(words[2] & 0xFFFF)
        else { return nil }
        let pathBytes = Int(words[1] & 0xFFFF_FFFF)
        let bitmapWords = Int(words[1] >> 32)
        let regionCount = words[2] & 0xFFFF == 1 ? 0 : Int(words[2] >> 32)  // version 1 has none
        guard deep_record_words(pathBytes, bitmapWords, regionCount) <= length else { return nil }
        let pathStart = UnsafeRawPointer(words + Int(DEEP_RECORD_HEADER_WORDS))
        path = String(decoding: UnsafeRawBufferPointer(start: pathStart, count: pathBytes), as: UTF8.self)
        base = words
        self.bitmapWords = bitmapWords
        enabledWord = deep_record_enabled_word(pathBytes, bitmapWords)
        regionMapWord = deep_record_region_map_word(pathBytes, bitmapWords)
        let table = words + deep_record_region_table_word(pathBytes, bitmapWords, regionCount)
        regions = (0..<regionCount).map { index in
            let word = table[index]
            return Int(word & 0xFFFF_FFFF)...max(Int(word & 0xFFFF_FFFF), Int(word >> 32))
        }
        let probeMap = words + deep_record_probe_map_word(pathBytes)
        var lines: [Int] = []
        for word in 0..<bitmapWords where probeMap[word] != 0 {
            for bit in 0..<64 where probeMap[word] & (1 << UInt64(bit)) != 0 { lines.append(word * 64 + bit) }
        }
        probedLines = lines
    }

    /// Words the record occupies.
    var wordCount: Int { regionMapWord + deep_record_region_words(regions.count) + regions.count }

    /// Sets the enabled bits to exactly `lines` (each must have a probe), and the bits of the
    /// regions that hold one of them. Only the agent thread calls this, after publishing the
    /// table those lines refer to. Region bits go first, so that a copy region entered from
    /// then on runs its probed copy by the time its lines' bits are set.
    func setEnabledLines(_ lines: Set<Int>) {
        var regionWords = [UInt64](repeating: 0, count: deep_record_region_words(regions.count))
        for (index, region) in regions.enumerated() where lines.contains(where: region.contains) {
            regionWords[index / 64] |= 1 << UInt64(index % 64)
        }
        var words = [UInt64](repeating: 0, count: bitmapWords)
        for line in lines where line / 64 < bitmapWords { words[line / 64] |= 1 << UInt64(line % 64) }
        for (index, value) in regionWords.enumerated() { bits(at: regionMapWord + index).store(value, ordering: .releasing) }
        for (index, value) in words.enumerated() { bits(at: enabledWord + index).store(value, ordering: .releasing) }
    }

    /// Clears one line's enabled bit; hits call this to switch a paused probe off.
    func disable(line: Int) {
        guard line / 64 < bitmapWords else { return }
        _ = bits(at: enabledWord + line / 64).loadThenBitwiseAnd(with: ~(1 << UInt64(line % 64)), ordering: .relaxed)
    }

    private func bits(at word: Int) -> UnsafeAtomic<UInt64> {
        UnsafeAtomic<UInt64>(at: UnsafeMutableRawPointer(base + word)
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
