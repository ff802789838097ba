import DeepProbeABI

/// The probe record of one instrumented file (deep_probe.h): where each of its parts lies.
/// The Swift and C renderers write records with it, and the runtime reads them with it, so
/// the format has this one Swift home beside its C definition.
package struct ProbeRecordLayout: Sendable {
    /// The file's original path, as `#sourceLocation` and `#line` name it.
    package let path: String
    package let language: deep_language
    /// The file's copy regions in index order: the lines each spans.
    package let regions: [ClosedRange<Int>]
    /// Words in each of the probe, enabled and region bitmaps' line maps.
    package let bitmapWords: Int
    /// The file's functions, for method tracepoints (none in records before version 3).
    package let functions: [ProbedFunction]

    private var pathBytes: Int { path.utf8.count }

    /// The layout of a record for a file of `maxLine` lines.
    package init(
        path: String, maxLine: Int, language: deep_language, regions: [ClosedRange<Int>] = [], functions: [ProbedFunction] = []
    ) {
        self.path = path
        self.language = language
        self.regions = regions
        self.functions = functions
        bitmapWords = deep_record_bitmap_words(maxLine)
    }

    /// Reads the layout of the record at `words`; nil if it is not a record this version
    /// understands or does not fit in the `length` words available.
    package init?(reading words: UnsafePointer<UInt64>, length: Int) {
        let version = words[2] & 0xFFFF
        guard length >= Int(DEEP_RECORD_HEADER_WORDS), words[0] == DEEP_RECORD_MAGIC,
            (1...UInt64(DEEP_RECORD_VERSION)).contains(version)
        else { return nil }
        let pathBytes = Int(words[1] & 0xFFFF_FFFF)
        let bitmapWords = Int(words[1] >> 32)
        let regionCount = version == 1 ? 0 : Int(words[2] >> 32)  // version 1 has none
        let functionTable = deep_record_words(pathBytes, bitmapWords, regionCount)
        guard functionTable + (version >= 3 ? 1 : 0) <= length else { return nil }
        let pathStart = UnsafeRawPointer(words + Int(DEEP_RECORD_HEADER_WORDS))
        path = String(decoding: UnsafeRawBufferPointer(start: pathStart, count: pathBytes), as: UTF8.self)
        language = deep_language(rawValue: UInt32(words[2] >> 16 & 0xFF))
        self.bitmapWords = bitmapWords
        let table = words + deep_record_region_table_word(pathBytes, bitmapWords, regionCount)
        regions = (0..<regionCount).map { index in
            let word = table[index]
            return Int(word & 0xFFFF_FFFF)...max(Int(word & 0xFFFF_FFFF), Int(word >> 32))
        }
        guard version >= 3 else {
            functions = []
            return
        }
        let count = Int(words[functionTable] & 0xFFFF_FFFF)
        let nameBytes = Int(words[functionTable] >> 32)
        guard functionTable + Self.functionTableWords(count: count, nameBytes: nameBytes) <= length else { return nil }
        let entries = words + functionTable + 1
        let names = UnsafeRawBufferPointer(start: UnsafeRawPointer(entries + 2 * count), count: nameBytes)
        var functions: [ProbedFunction] = []
        for index in 0..<count {
            let (lines, name) = (entries[2 * index], entries[2 * index + 1])
            let (offset, bytes) = (Int(name & 0xFFFF_FFFF), Int(name >> 32))
            guard offset + bytes <= nameBytes else { return nil }
            functions.append(
                ProbedFunction(
                    name: String(decoding: names[offset..<offset + bytes], as: UTF8.self), line: Int(lines & 0xFFFF_FFFF),
                    endLine: Int(lines >> 32 & 0x7FFF_FFFF), exits: lines >> 63 == 1))
        }
        self.functions = functions
    }

    /// Words of a function table of `count` functions whose names take `nameBytes`.
    private static func functionTableWords(count: Int, nameBytes: Int) -> Int {
        1 + 2 * count + deep_record_path_words(nameBytes)
    }

    private var nameBytes: Int { functions.reduce(0) { $0 + $1.name.utf8.count } }

    /// Words the record occupies.
    package var wordCount: Int {
        deep_record_words(pathBytes, bitmapWords, regions.count) + Self.functionTableWords(count: functions.count, nameBytes: nameBytes)
    }
    /// The first word of the enabled-lines bitmap.
    package var enabledWord: Int { deep_record_enabled_word(pathBytes, bitmapWords) }
    /// The first word of the enabled-regions bitmap.
    package var regionMapWord: Int { deep_record_region_map_word(pathBytes, bitmapWords) }

    /// A name for the file that stays the same from build to build: the suffix of the
    /// declarations a rewritten file adds where they must be unique in their module.
    package var fileID: String {
        let hash = path.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }  // FNV-1a
        return String(hash, radix: 16)
    }

    /// The word of the record that holds `line`'s enabled bit, and the bit.
    package func enabledBit(line: Int) -> (word: Int, mask: UInt64) {
        (enabledWord + line / 64, UInt64(1) << UInt64(line % 64))
    }

    /// The word of the record that holds region `index`'s bit, and the bit.
    package func regionBit(index: Int) -> (word: Int, mask: UInt64) {
        (regionMapWord + index / 64, UInt64(1) << UInt64(index % 64))
    }

    /// The record's initial words: header, path, probe map, all-zero enabled and region
    /// maps, and the region table.
    package func words(probedLines: [Int]) -> [UInt64] {
        var words: [UInt64] = [
            DEEP_RECORD_MAGIC,
            UInt64(pathBytes) | UInt64(bitmapWords) << 32,
            UInt64(DEEP_RECORD_VERSION) | UInt64(language.rawValue) << 16 | UInt64(regions.count) << 32,
        ]
        words += Self.packed(Array(path.utf8))
        var probeMap = [UInt64](repeating: 0, count: bitmapWords)
        for line in probedLines { probeMap[line / 64] |= 1 << UInt64(line % 64) }
        let regionTable = regions.map { UInt64($0.lowerBound) | UInt64($0.upperBound) << 32 }
        var functionTable = [UInt64(functions.count) | UInt64(nameBytes) << 32]
        var offset = 0
        for function in functions {
            let bytes = function.name.utf8.count
            functionTable.append(UInt64(function.line) | UInt64(function.endLine) << 32 | (function.exits ? 1 << 63 : 0))
            functionTable.append(UInt64(offset) | UInt64(bytes) << 32)
            offset += bytes
        }
        return words + probeMap + [UInt64](repeating: 0, count: bitmapWords + deep_record_region_words(regions.count))
            + regionTable + functionTable + Self.packed(functions.flatMap { Array($0.name.utf8) })
    }

    /// `bytes` zero-padded to whole words, each read as a little-endian integer.
    private static func packed(_ bytes: [UInt8]) -> [UInt64] {
        let padded = bytes + Array(repeating: 0, count: deep_record_path_words(bytes.count) * 8 - bytes.count)
        return stride(from: 0, to: padded.count, by: 8).map { start in
            padded[start..<start + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
    }

    /// The lines with a probe in the record at `words`, ascending.
    package func probedLines(in words: UnsafePointer<UInt64>) -> [Int] {
        let probeMap = words + deep_record_probe_map_word(pathBytes)
        var lines: [Int] = []
        for word in 0..<bitmapWords where probeMap[word] != 0 {
            for bit in 0..<64 where probeMap[word] & (1 << UInt64(bit)) != 0 { lines.append(word * 64 + bit) }
        }
        return lines
    }

    /// `value` as a hexadecimal literal, as both renderers write the record's words.
    package static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
