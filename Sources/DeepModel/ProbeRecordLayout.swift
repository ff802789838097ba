import DeepProbeABI

/// The probe record of one instrumented file (deep_probe.h), as the Swift and the C
/// renderers write it: its initial words and where each line's and region's enabled bit is.
struct ProbeRecordLayout {
    let path: String
    let maxLine: Int
    let language: deep_language
    /// The file's copy regions in index order: the lines each spans (deep_probe.h).
    var regions: [ClosedRange<Int>] = []

    private var pathBytes: Int { path.utf8.count }
    private var bitmapWords: Int { deep_record_bitmap_words(maxLine) }

    /// A name for the file that stays the same from build to build: the suffix of the
    /// declarations a rewritten file adds where they must be unique in their module.
    var fileID: String {
        let hash = path.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }  // FNV-1a
        return String(hash, radix: 16)
    }

    /// The word of the record that holds `line`'s enabled bit, and the bit.
    func enabledBit(line: Int) -> (word: Int, mask: UInt64) {
        (deep_record_enabled_word(pathBytes, bitmapWords) + line / 64, UInt64(1) << UInt64(line % 64))
    }

    /// The word of the record that holds region `index`'s bit, and the bit.
    func regionBit(index: Int) -> (word: Int, mask: UInt64) {
        (deep_record_region_map_word(pathBytes, bitmapWords) + index / 64, UInt64(1) << UInt64(index % 64))
    }

    /// The record's initial words: header, path, probe map, all-zero enabled and region
    /// maps, and the region table.
    func words(probedLines: [Int]) -> [UInt64] {
        var words: [UInt64] = [
            DEEP_RECORD_MAGIC,
            UInt64(pathBytes) | UInt64(bitmapWords) << 32,
            UInt64(DEEP_RECORD_VERSION) | UInt64(language.rawValue) << 16 | UInt64(regions.count) << 32,
        ]
        var bytes = Array(path.utf8)
        bytes += Array(repeating: 0, count: deep_record_path_words(pathBytes) * 8 - bytes.count)
        for start in stride(from: 0, to: bytes.count, by: 8) {
            words.append(bytes[start..<start + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) })
        }
        var probeMap = [UInt64](repeating: 0, count: bitmapWords)
        for line in probedLines { probeMap[line / 64] |= 1 << UInt64(line % 64) }
        let regionTable = regions.map { UInt64($0.lowerBound) | UInt64($0.upperBound) << 32 }
        return words + probeMap + [UInt64](repeating: 0, count: bitmapWords + deep_record_region_words(regions.count))
            + regionTable
    }

    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
