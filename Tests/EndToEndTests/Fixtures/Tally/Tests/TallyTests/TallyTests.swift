import Tally
import Testing

@Test func wordsAreCountedWithoutCase() {
    #expect(tally(["a", "B", "b"]) == ["a": 1, "b": 2])
}

@Test func noWordsCountNothing() {
    #expect(tally([]).isEmpty)
}
