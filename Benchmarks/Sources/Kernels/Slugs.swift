/// Turns `lines` lines of text into URL slugs (lowercase words joined by dashes, other
/// characters dropped) and returns the total length and a hash of the result.
@inline(never)
public func slugs(lines: Int) -> Int {
    let sample = ["The Quick Brown Fox", "jumps over: the lazy dog!", "Ünïcode & ASCII, side by side", "42 items @ $3.50 each"]
    var total = 0
    var hash: UInt64 = 14_695_981_039_346_656_037
    for index in 0..<lines {
        let slug = slug(sample[index % sample.count] + " \(index)")
        total += slug.utf8.count
        for byte in slug.utf8 {
            hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
        }
    }
    return total &+ Int(truncatingIfNeeded: hash)
}

private func slug(_ text: String) -> String {
    var words: [String] = []
    var word = ""
    for character in text.lowercased() {
        if character.isLetter || character.isNumber {
            word.append(character)
        } else if !word.isEmpty {
            words.append(word)
            word = ""
        }
    }
    if !word.isEmpty {
        words.append(word)
    }
    return words.joined(separator: "-")
}
