// Counted nouns in what wenda prints: "1 article", "2 articles".

enum Plural {
    /// `n` and the noun, singular for one: `count(1, "turn")` is "1 turn".
    static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) \(n == 1 ? noun : (plural ?? noun + "s"))"
    }
}
