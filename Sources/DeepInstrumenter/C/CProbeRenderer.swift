import DeepModel
import DeepProbeABI

/// Renders the text the C rewriter inserts: the prologue that declares the file's probe
/// record and type table, and the probes.
///
/// A probe reads, on the line of its statement (the macros are in deep_probe.h):
///
///     DEEP_C_PROBE(9f3a2c11, 7, 0x400UL, 42, DEEP_C_VARIABLES(DEEP_C_VARIABLE(order, 3), DEEP_C_VARIABLE(name, 5)),
///                  DEEP_C_VALUE(order), DEEP_C_ARRAY(name)) stmt;
///
/// It expands to `if (__builtin_expect(deep_probe_enabled(__deep_record_9f3a2c11, 7, 0x400), 0)) {...}`:
/// one relaxed load and a test, and behind that branch a copy of each variable's value
/// (never its address, so no variable is forced into memory) handed to the runtime with a
/// constant table of their names, types and sizes.
struct CProbeRenderer {
    let originalPath: String
    let regions: [CCopyRegion]
    private let layout: ProbeRecordLayout

    init(originalPath: String, maxLine: Int, regions: [CCopyRegion], functions: [ProbedFunction]) {
        self.originalPath = originalPath
        self.regions = regions
        layout = ProbeRecordLayout(
            path: originalPath, maxLine: maxLine, language: DEEP_LANGUAGE_C, regions: regions.map(\.lines), functions: functions)
    }

    /// Names the file's record and type table: a .c file #included into another keeps its own.
    var fileID: String { layout.fileID }

    /// The text of a probe, at its place. An exit that keeps a `return`'s value wraps the value
    /// (deep_probe.h, "Entry and exit"); exits are in the function's probed copy only, as is
    /// the entry time they read.
    func insertions(for site: CProbeSite) -> [TextInsertion] {
        guard let exit = site.exit else {
            return [TextInsertion(offset: site.offset, rank: 2, text: probe(site, macro: "DEEP_C_PROBE"), owner: site.owner)]
        }
        guard let returned = exit.returned else {
            return [
                TextInsertion(
                    offset: site.offset, rank: 2, text: probe(site, macro: "DEEP_C_EXIT"), owner: site.owner, probedCopyOnly: true)
            ]
        }
        return [
            TextInsertion(
                offset: site.offset, rank: 1, otherEnd: returned.end,
                text: " __extension__({ __typeof__(\(returned.typeName)) __deep_returned = (", owner: site.owner, probedCopyOnly: true),
            TextInsertion(
                offset: returned.end, rank: 0, otherEnd: site.offset,
                text: "); " + probe(site, macro: "DEEP_C_EXIT", returnedType: returned.type) + "__deep_returned; })", owner: site.owner,
                probedCopyOnly: true),
        ]
    }

    /// Where a function with exits reads its entry time, while its exit's line has a tracepoint.
    func insertion(for time: CEntryTime) -> TextInsertion {
        let (word, mask) = layout.enabledBit(line: time.exitLine)
        return TextInsertion(
            offset: time.offset, rank: 2,
            text: " unsigned long __deep_start = DEEP_C_START(\(fileID), \(word), \(ProbeRecordLayout.hex(mask))UL); ",
            owner: time.owner, probedCopyOnly: true)
    }

    /// `macro` (DEEP_C_PROBE or DEEP_C_EXIT) with the site's variables, and last the value a
    /// `return` kept (`__deep_returned`, of type `returnedType` in the file's table).
    private func probe(_ site: CProbeSite, macro: String, returnedType: Int? = nil) -> String {
        let (word, mask) = layout.enabledBit(line: site.line)
        let head = "\(fileID), \(word), \(ProbeRecordLayout.hex(mask))UL, \(site.line)"
        guard !site.variables.isEmpty || returnedType != nil else { return "\(macro)_NO_VARIABLES(\(head)) " }
        let returned = returnedType.map { (entry: "DEEP_C_RETURNED(\($0))", value: "DEEP_C_VALUE(__deep_returned)") }
        let table = site.variables.map { "DEEP_C_VARIABLE(\($0.name), \($0.type))" } + (returned.map { [$0.entry] } ?? [])
        let values = site.variables.map { "DEEP_C_\($0.isArray ? "ARRAY" : "VALUE")(\($0.name))" } + (returned.map { [$0.value] } ?? [])
        return "\(macro)(\(head), DEEP_C_VARIABLES(" + table.joined(separator: ", ") + "), " + values.joined(separator: ", ") + ") "
    }

    /// Region `index` written twice: the check, the probed copy, and the plain copy back on
    /// the region's first line (`DEEP_C_PROBED` in deep_probe.h).
    func copy(_ index: Int) -> CopySplice {
        let region = regions[index]
        let (word, mask) = layout.regionBit(index: index)
        return CopySplice(
            start: region.start, end: region.end, owner: region.owner,
            open: " DEEP_C_PROBED(\(fileID), \(word), \(ProbeRecordLayout.hex(mask))UL) {",
            middle: "} else {\n#line \(region.startLine) \(Self.stringLiteral(originalPath.utf8))\n", close: "}")
    }

    /// Everything before the original text: the record and its registration, the type
    /// table, and `#line 1` so that line N of the output is line N of the original.
    func prologue(probedLines: [Int], typeTable: String) -> String {
        let words = layout.words(probedLines: probedLines).map { ProbeRecordLayout.hex($0) + "UL" }
        // Pieces short enough for any C standard's string literal limit (509 in C89).
        let bytes = Array(typeTable.utf8)
        let pieces = stride(from: 0, to: bytes.count, by: 400).map { Self.stringLiteral(bytes[$0..<min($0 + 400, bytes.count)]) }
        return """
            /* Added by deep-instrument: this file's probe record and types (deep_probe.h). */
            #include <deep_probe.h>
            DEEP_C_FILE(\(fileID), \(words.count), \(words.joined(separator: ", ")))
            static const char *const __deep_types_\(fileID)[] = {\(pieces.joined(separator: ", ")), 0};
            #line 1 \(Self.stringLiteral(originalPath.utf8))

            """
    }

    /// A C string literal for UTF-8 `bytes` (any slice of them: each byte is escaped on its own).
    static func stringLiteral(_ bytes: some Sequence<UInt8>) -> String {
        var result = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "\""): result += "\\\""
            case UInt8(ascii: "?"): result += "\\?"  // no trigraphs
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
            default: result += "\\" + String(byte, radix: 8).leftPadded(to: 3)
            }
        }
        return result + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
