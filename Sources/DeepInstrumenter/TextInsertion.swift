/// Text a rewriter inserts into a source file. Both rewriters only insert, never delete or
/// move, which is what keeps every line where it was. (A region written twice repeats lines;
/// the copy after the first starts with a line directive, see `CopySplice`.)
struct TextInsertion {
    /// The byte offset in the original.
    var offset: Int
    /// Orders insertions at one offset, lowest first (a closing text before an opening one).
    var rank: Int
    /// For text that opens or closes a wrapper, the offset of the wrapper's other end; nil for
    /// text that stands alone (a statement's probe) or whose pairing its rank settles (C's
    /// braces). At one offset and rank, the text whose other end lies further right goes
    /// first, which nests wrappers: the wider one's opener comes before the narrower one's,
    /// and the narrower one's closer before the wider one's; of wrappers around the same text,
    /// the one given first is outermost. Text without an other end goes before either; the
    /// rest keep the order they were given in.
    var otherEnd: Int? = nil
    var text: String
    /// The body the text is a probe of; a copy region whose owner it is leaves it out of the
    /// plain copy (CopySplice.owner). Nil: in every copy.
    var owner: Int? = nil
    /// Text of `owner`'s probed copy alone (C's renamed labels, which must differ between the
    /// copies of one function): left out of everything inside that owner's plain copy,
    /// nested copies included.
    var probedCopyOnly = false

    /// `source` with `insertions` made, between `prefix` and `suffix`, and each of `copies`
    /// written twice.
    static func apply(
        _ insertions: [TextInsertion], to source: [UInt8], prefix: String, suffix: String = "",
        copies: [CopySplice] = []
    ) -> [UInt8] {
        // Wrappers of the same text nest in the order given: the first opened closes last.
        func key(_ insertion: (offset: Int, element: TextInsertion)) -> (Int, Int, Int, Int) {
            let element = insertion.element
            let closesWrapper = element.rank == 0 && element.otherEnd != nil
            return (element.offset, element.rank, -(element.otherEnd ?? Int.max), closesWrapper ? -insertion.offset : insertion.offset)
        }
        let writer = CopyWriter(
            source: source, ordered: insertions.enumerated().sorted { key($0) < key($1) }.map(\.element),
            splices: copies.sorted { ($0.start, -$0.end) < ($1.start, -$1.end) })
        return Array(prefix.utf8) + writer.plain(from: 0, to: source.count, region: nil) + Array(suffix.utf8)
    }
}

/// A region of the source written twice (see the renderers' copy regions): `open`, the
/// probed copy, `middle`, the plain copy, `close`, in place of the text from `start` to
/// `end`. The plain copy leaves out the insertions of `owner`.
struct CopySplice {
    var start: Int
    var end: Int
    var owner: Int
    /// Before the probed copy: the check that picks it.
    var open: String
    /// Between the copies; it ends with the line directive that puts the plain copy back on
    /// `start`'s line.
    var middle: String
    var close: String
}

/// Writes text with insertions made, splices nested in splices.
private struct CopyWriter {
    let source: [UInt8]
    let ordered: [TextInsertion]
    let splices: [CopySplice]

    /// The text from `lower` to `upper` (with insertions at `upper`) where `region` (a
    /// splice's index) is the plain copy: the splices directly inside are written twice,
    /// and the region's owner's insertions left out. `plainCopies`: the owners whose plain
    /// copy this text is in.
    func plain(from lower: Int, to upper: Int, region: Int?, plainCopies: Set<Int> = []) -> [UInt8] {
        var children: [Int] = []
        for index in splices.indices where index != region && splices[index].start >= lower && splices[index].end <= upper {
            if let last = children.last, splices[index].start <= splices[last].end { continue }  // inside a child
            children.append(index)
        }
        let dropped = region.map { splices[$0].owner }
        let kept = ordered.filter { insertion in
            (lower...upper).contains(insertion.offset) && (insertion.owner == nil || insertion.owner != dropped)
                && !Self.leavesOut(insertion, plainCopies)
                && !children.contains { (splices[$0].start...splices[$0].end).contains(insertion.offset) }
        }
        var output: [UInt8] = []
        var cursor = lower
        var next = 0
        func insert(upTo offset: Int) {  // the kept insertions before `offset`, or all at `upper`
            while next < kept.count, kept[next].offset < offset || offset == upper {
                output += source[cursor..<kept[next].offset]
                output += kept[next].text.utf8
                cursor = kept[next].offset
                next += 1
            }
        }
        for child in children {
            insert(upTo: splices[child].start)
            output += source[cursor..<splices[child].start]
            output += copies(child, plainCopies: plainCopies)
            cursor = splices[child].end
        }
        insert(upTo: upper)
        output += source[cursor..<upper]
        return output
    }

    /// Both copies of splice `index`, with the text around them.
    private func copies(_ index: Int, plainCopies: Set<Int>) -> [UInt8] {
        let splice = splices[index]
        var probed: [UInt8] = []
        var cursor = splice.start
        for insertion in ordered
        where (splice.start...splice.end).contains(insertion.offset) && !Self.leavesOut(insertion, plainCopies) {
            probed += source[cursor..<insertion.offset]
            probed += insertion.text.utf8
            cursor = insertion.offset
        }
        probed += source[cursor..<splice.end]
        return Array(splice.open.utf8) + probed + Array(splice.middle.utf8)
            + plain(from: splice.start, to: splice.end, region: index, plainCopies: plainCopies.union([splice.owner]))
            + Array(splice.close.utf8)
    }

    private static func leavesOut(_ insertion: TextInsertion, _ plainCopies: Set<Int>) -> Bool {
        insertion.probedCopyOnly && insertion.owner.map(plainCopies.contains) == true
    }
}
