// CPU-bound kernels for the macro benchmarks, built twice from this source: plain
// (`KernelsPlain`) and with a probe on every line (`Kernels`, deep-instrument's copy).
// Each returns a checksum, so the optimiser keeps the work and the two builds can be
// compared for the same result. The lines marked `bench:` are where the hot-line
// benchmark sets its tracepoint.

/// The kernels by name, each run on a workload of a fixed size.
public let kernels: [(name: String, run: @Sendable () -> Int)] = [
    ("JSON encode and decode", { jsonRoundTrip(orders: 200) }),
    ("sort", { mergeSortChecksum(count: 20_000, seed: 42) }),
    ("hash map", { wordFrequencies(words: 20_000, vocabulary: 2_000) }),
    ("string processing", { slugs(lines: 2_000) }),
    ("bytecode interpreter", { interpret(iterations: 20_000) }),
]
