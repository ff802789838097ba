/// Sorts `count` pseudo-random numbers with a top-down merge sort and returns a checksum
/// of the sorted order.
@inline(never)
public func mergeSortChecksum(count: Int, seed: UInt64) -> Int {
    var generator = seed
    var values: [Int] = []
    values.reserveCapacity(count)
    for _ in 0..<count {
        generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        values.append(Int(truncatingIfNeeded: generator >> 33))
    }
    var scratch = values
    mergeSort(&values, &scratch, 0, count)
    var checksum = 0
    for (index, value) in values.enumerated() {
        checksum = checksum &* 31 &+ value &* index
    }
    return checksum
}

private func mergeSort(_ values: inout [Int], _ scratch: inout [Int], _ low: Int, _ high: Int) {
    if high - low < 2 {
        return
    }
    let middle = (low + high) / 2
    mergeSort(&values, &scratch, low, middle)
    mergeSort(&values, &scratch, middle, high)
    var left = low
    var right = middle
    for index in low..<high {
        if left < middle && (right >= high || values[left] <= values[right]) {
            scratch[index] = values[left]
            left += 1
        } else {
            scratch[index] = values[right]
            right += 1
        }
    }
    for index in low..<high {
        values[index] = scratch[index]
    }
}
