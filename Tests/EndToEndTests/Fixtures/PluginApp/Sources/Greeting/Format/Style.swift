/// How greetings look.
enum Style {
    static func emphasise(_ word: String) -> String {
        let loud = word.uppercased()
        return loud + "!"
    }
}
