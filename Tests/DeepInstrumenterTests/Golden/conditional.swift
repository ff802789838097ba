func platform() -> Int {
    var value = 1
    #if os(Linux)
    let linux = 2
    value += linux
    #else
    let other = 3
    value += other
    #endif
    return value
}
