import CLibclang
import Foundation

/// One C file parsed by libclang, with its tokens, and positions as byte offsets in it.
final class ClangUnit {
    let clang: Libclang
    private let index: CXIndex?
    private let unit: CXTranslationUnit
    private let mainFile: CXFile?
    /// The file's tokens in order, without comments (preprocessor lines included as libclang
    /// gives them).
    private(set) var tokens: [Token] = []

    struct Token {
        let offset: Int
        let end: Int
        let spelling: String
        let isPunctuation: Bool
    }

    /// Errors libclang reported, formatted as `file:line:col: error: ...`.
    let errors: [String]
    /// Where macros are expanded in this file (the macro's name through its arguments), in order.
    private var macroExpansions: [Range<Int>] = []

    init(clang: Libclang, path: String, arguments: [String]) throws(CFrontendError) {
        self.clang = clang
        let index = clang.api.createIndex(0, 0)
        self.index = index
        // Warnings do not matter for finding statements; a gcc-only warning option with
        // -Werror would stop the parse.
        let arguments =
            (arguments.contains("-resource-dir") ? [] : clang.resourceArguments)
            + arguments.filter { !$0.hasPrefix("-W") || $0.hasPrefix("-Wp,") } + ["-w"]
        var parsed: CXTranslationUnit?
        let status = withArrayOfCStrings(arguments) { argv in
            clang.api.parseTranslationUnit2(
                index, path, argv, Int32(arguments.count), nil, 0,
                UInt32(DEEP_CX_PARSE_DETAILED_PREPROCESSING_RECORD), &parsed)
        }
        guard status == 0, let parsed else {
            clang.api.disposeIndex(index)
            throw .unparsable(path: path, detail: "libclang could not parse it (error \(status))")
        }
        unit = parsed
        mainFile = clang.api.getFile(parsed, path)
        var errors: [String] = []
        for position in 0..<clang.api.getNumDiagnostics(parsed) {
            guard let diagnostic = clang.api.getDiagnostic(parsed, position) else { continue }
            if clang.api.getDiagnosticSeverity(diagnostic) >= Int32(DEEP_CX_DIAGNOSTIC_ERROR) {
                errors.append(clang.string(clang.api.formatDiagnostic(diagnostic, 0x1 | 0x2 | 0x4)))
            }
            clang.api.disposeDiagnostic(diagnostic)
        }
        self.errors = errors
        tokens = readTokens(length: Self.fileSize(path))
        macroExpansions = children(root).filter { kind($0) == DEEP_CX_CURSOR_MACRO_EXPANSION }.compactMap { expansion in
            let range = clang.api.getCursorExtent(expansion)
            guard let start = fileOffset(clang.api.getRangeStart(range)), let end = fileOffset(clang.api.getRangeEnd(range))
            else { return nil }
            return start..<max(start + 1, end)
        }
    }

    deinit {
        clang.api.disposeTranslationUnit(unit)
        clang.api.disposeIndex(index)
    }

    var root: CXCursor { clang.api.getTranslationUnitCursor(unit) }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    private func readTokens(length: Int) -> [Token] {
        guard let mainFile else { return [] }
        let range = clang.api.getRange(
            clang.api.getLocationForOffset(unit, mainFile, 0),
            clang.api.getLocationForOffset(unit, mainFile, UInt32(length)))
        var raw: UnsafeMutablePointer<CXToken>?
        var count: UInt32 = 0
        clang.api.tokenize(unit, range, &raw, &count)
        guard let raw else { return [] }
        defer { clang.api.disposeTokens(unit, raw, count) }
        return (0..<Int(count)).compactMap { position in
            let token = raw[position]
            guard clang.api.getTokenKind(token) != Int32(DEEP_CX_TOKEN_COMMENT) else { return nil }
            let extent = clang.api.getTokenExtent(unit, token)
            guard let start = fileOffset(clang.api.getRangeStart(extent)), let end = fileOffset(clang.api.getRangeEnd(extent))
            else { return nil }
            return Token(
                offset: start, end: end, spelling: clang.string(clang.api.getTokenSpelling(unit, token)),
                isPunctuation: clang.api.getTokenKind(token) == Int32(DEEP_CX_TOKEN_PUNCTUATION))
        }
    }

    // MARK: Cursors

    func kind(_ cursor: CXCursor) -> Int32 { clang.api.getCursorKind(cursor) }
    func spelling(_ cursor: CXCursor) -> String { clang.string(clang.api.getCursorSpelling(cursor)) }
    func type(_ cursor: CXCursor) -> CXType { clang.api.getCursorType(cursor) }
    func isDefinition(_ cursor: CXCursor) -> Bool { clang.api.isCursorDefinition(cursor) != 0 }

    func children(_ cursor: CXCursor) -> [CXCursor] {
        CursorList.collect { list in
            _ = clang.api.visitChildren(cursor, { child, _, data in CursorList.append(child, to: data) }, list)
        }
    }

    /// The fields of a structure or union type, in order.
    func fields(of record: CXType) -> [CXCursor] {
        CursorList.collect { list in
            _ = clang.api.Type_visitFields(record, { field, data in CursorList.append(field, to: data) }, list)
        }
    }

    /// Where a cursor's text is in this file; nil when it is in another file or a macro
    /// writes it. A statement may begin with a macro (`bool ok = ...`, `my_free(p);`) as long
    /// as it goes on past the macro's arguments; `strict` refuses that too.
    func extent(_ cursor: CXCursor, strict: Bool = false) -> Range<Int>? {
        let range = clang.api.getCursorExtent(cursor)
        guard let start = fileOffset(clang.api.getRangeStart(range)),
            let end = fileOffset(clang.api.getRangeEnd(range)), start <= end
        else { return nil }
        if let macro = macroExpansion(containing: start), strict || end <= macro.upperBound { return nil }
        return start..<end
    }

    /// The macro invocation (its name through its arguments) whose name is at `offset`.
    func macroInvocation(at offset: Int) -> Range<Int>? {
        macroExpansion(containing: offset).flatMap { $0.lowerBound == offset ? $0 : nil }
    }

    private func macroExpansion(containing offset: Int) -> Range<Int>? {
        var low = 0
        var high = macroExpansions.count
        while low < high {
            let middle = (low + high) / 2
            if macroExpansions[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low < macroExpansions.count && macroExpansions[low].contains(offset) ? macroExpansions[low] : nil
    }

    /// The offset of the place where the cursor's text starts, even if a macro wrote it; nil
    /// outside this file.
    func expansionOffset(_ cursor: CXCursor) -> Int? {
        fileOffset(clang.api.getRangeStart(clang.api.getCursorExtent(cursor)))
    }

    /// The offset of `location` in this file (where a macro is expanded, for a location inside
    /// one), or nil when it is in another file.
    private func fileOffset(_ location: CXSourceLocation) -> Int? {
        var expansionFile: CXFile?
        var expansion: UInt32 = 0
        clang.api.getExpansionLocation(location, &expansionFile, nil, nil, &expansion)
        guard expansionFile == mainFile else { return nil }
        return Int(expansion)
    }

    // MARK: Types

    func canonical(_ type: CXType) -> CXType { clang.api.getCanonicalType(type) }

    /// The size of a data pointer on the target the flags describe, in bytes.
    var pointerSize: Int {
        guard let target = clang.api.getTranslationUnitTargetInfo(unit) else { return MemoryLayout<UnsafeRawPointer>.size }
        defer { clang.api.TargetInfo_dispose(target) }
        return Int(clang.api.TargetInfo_getPointerWidth(target)) / 8
    }

    /// The type's name as written; an unnamed structure, union or enumeration is
    /// `struct (anonymous)` rather than libclang's `struct (unnamed struct at file:line:col)`.
    func spelling(of type: CXType) -> String {
        let name = clang.string(clang.api.getTypeSpelling(type))
        guard let open = name.range(of: "(unnamed "), let close = name[open.upperBound...].firstIndex(of: ")") else { return name }
        return name[..<open.lowerBound] + "(anonymous)" + name[name.index(after: close)...]
    }

    /// The tokens that start inside `range`.
    func tokens(in range: Range<Int>) -> ArraySlice<Token> {
        var end = startIndex(atOrAfter: range.lowerBound)
        let start = end
        while end < tokens.count, tokens[end].offset < range.upperBound { end += 1 }
        return tokens[start..<end]
    }

    /// The first token at or after `offset`.
    func token(atOrAfter offset: Int) -> Token? {
        let index = startIndex(atOrAfter: offset)
        return index < tokens.count ? tokens[index] : nil
    }

    private func startIndex(atOrAfter offset: Int) -> Int {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].offset < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Gathers the cursors a libclang visitor callback sees: the callbacks are C functions, so
/// the list travels as their client data.
private final class CursorList {
    var cursors: [CXCursor] = []

    static func collect(_ visit: (CXClientData) -> Void) -> [CXCursor] {
        let list = CursorList()
        withExtendedLifetime(list) { visit(Unmanaged.passUnretained(list).toOpaque()) }
        return list.cursors
    }

    static func append(_ cursor: CXCursor, to data: CXClientData?) -> Int32 {
        Unmanaged<CursorList>.fromOpaque(data!).takeUnretainedValue().cursors.append(cursor)
        return Int32(DEEP_CX_CHILD_CONTINUE)
    }
}

private func withArrayOfCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
