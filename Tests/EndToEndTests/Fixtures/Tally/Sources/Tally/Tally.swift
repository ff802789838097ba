/// How often each word occurs, ignoring case.
public func tally(_ words: [String]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for word in words {
        let key = word.lowercased()
        counts[key, default: 0] += 1
    }
    return counts
}
