// One probed function, built with -O; the end-to-end tests read its machine code.

@inline(never)
func probedLoop(_ count: Int) -> Int {
    var total = 0
    for index in 0..<count {
        total &+= index
    }
    return total
}

print(probedLoop(Int(CommandLine.arguments.count) * 1000))
