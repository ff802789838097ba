#sourceLocation(file: "generated.swift", line: 10)
func generated() -> Int {
    let value = 1
    return value
}
#sourceLocation()
