func macros(_ value: Int) {
    let checked = value > 0
    #assertLike(checked, { let inner = value; return inner > 0 }())
    print(checked)
}
