/// Text a rewriter inserts into a source file. Both rewriters only insert, never delete or
/// move, which is what keeps every line where it was.
struct TextInsertion {
    /// The byte offset in the original.
    var offset: Int
    /// Orders insertions at one offset, lowest first (a closing text before an opening one);
    /// equal ranks keep the order they were given in.
    var rank: Int
    var text: String

    /// `source` with `insertions` made, between `prefix` and `suffix`.
    static func apply(_ insertions: [TextInsertion], to source: [UInt8], prefix: String, suffix: String = "") -> [UInt8] {
        var output = Array(prefix.utf8)
        var cursor = 0
        let ordered = insertions.enumerated().sorted { ($0.element.offset, $0.element.rank, $0.offset) < ($1.element.offset, $1.element.rank, $1.offset) }
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
