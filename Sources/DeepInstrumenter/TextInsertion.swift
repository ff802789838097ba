/// Text a rewriter inserts into a source file. Both rewriters only insert, never delete or
/// move, which is what keeps every line where it was.
struct TextInsertion {
    /// The byte offset in the original.
    var offset: Int
    /// Orders insertions at one offset, lowest first (a closing text before an opening one).
    var rank: Int
    /// For text that opens or closes a wrapper, the offset of the wrapper's other end; nil for
    /// text that stands alone (a statement's probe) or whose pairing its rank settles (C's
    /// braces). At one offset and rank, the text whose other end lies further right goes
    /// first, which nests wrappers: the wider one's opener comes before the narrower one's,
    /// and the narrower one's closer before the wider one's. Text without an other end goes
    /// before either; the rest keep the order they were given in.
    var otherEnd: Int? = nil
    var text: String

    /// `source` with `insertions` made, between `prefix` and `suffix`.
    static func apply(_ insertions: [TextInsertion], to source: [UInt8], prefix: String, suffix: String = "") -> [UInt8] {
        var output = Array(prefix.utf8)
        var cursor = 0
        func key(_ insertion: (offset: Int, element: TextInsertion)) -> (Int, Int, Int, Int) {
            (insertion.element.offset, insertion.element.rank, -(insertion.element.otherEnd ?? Int.max), insertion.offset)
        }
        let ordered = insertions.enumerated().sorted { key($0) < key($1) }
        for insertion in ordered.map(\.element) {
            output += source[cursor..<insertion.offset]
            output += insertion.text.utf8
            cursor = insertion.offset
        }
        output += source[cursor...]
        output += suffix.utf8
        return output
    }
}
