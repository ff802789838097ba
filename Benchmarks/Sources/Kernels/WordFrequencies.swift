/// Counts `words` pseudo-random words drawn from a vocabulary of `vocabulary` in a
/// dictionary, then finds the most frequent one.
@inline(never)
public func wordFrequencies(words: Int, vocabulary: Int) -> Int {
    let dictionary = (0..<vocabulary).map { "word\($0)" }
    var counts: [String: Int] = [:]
    var generator: UInt64 = 7
    for _ in 0..<words {
        generator = generator &* 2_862_933_555_777_941_757 &+ 3_037_000_493
        let word = dictionary[Int(generator >> 33) % vocabulary]
        counts[word, default: 0] += 1
    }
    var best = ("", 0)
    for (word, count) in counts where count > best.1 || (count == best.1 && word < best.0) {
        best = (word, count)
    }
    return best.1 &* 1_000_003 &+ best.0.utf8.count &+ counts.count
}
