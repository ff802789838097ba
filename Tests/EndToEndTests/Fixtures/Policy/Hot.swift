/// One step of a hash: the body of a loop that runs millions of times a second.
func mix(_ state: UInt64, _ step: UInt64) -> UInt64 {
    let next = (state ^ step) &* 0x9E37_79B9_7F4A_7C15 // tp: hot
    return next ^ (next >> 29)
}
