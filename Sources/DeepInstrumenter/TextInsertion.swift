/// Text a rewriter inserts into a source file. Both rewriters only insert, never delete or
/// move, which is what keeps every line where it was.
struct TextInsertion {
    /// The byte offset in the original.
    var offset: Int
    /// Orders insertions at one offset, lowest first (a closing text before an opening one).
    var rank: Int
    var text: String

    /// `source` with `insertions` made, between `prefix` and `suffix`.
    static func apply(_ insertions: [TextInsertion], to source: [UInt8], prefix: String, suffix: String = "") -> [UInt8] {
        var output = Array(prefix.utf8)
        var cursor = 0
        for insertion in insertions.sorted(by: { ($0.offset, $0.rank) < ($1.offset, $1.rank) }) {
            output += source[cursor..<insertion.offset]
            output += insertion.text.utf8
            cursor = insertion.offset
        }
        output += source[cursor...]
        output += suffix.utf8
        return output
    }
}
