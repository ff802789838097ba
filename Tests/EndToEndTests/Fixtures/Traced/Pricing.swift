/// The price of `amount` items.
func price(_ amount: Int) -> Int { // tp: price-entry
    let base = amount * 3
    return base + 1
} // tp: price-exit
