// swift-tools-version: 6.1
// The benchmark suite: its own package, so the main package's `swift build` and
// `swift test` never build ordo-one/benchmark. Run it with `Benchmarks/run` (which first
// writes the instrumented copy of Sources/ProbeSites into .deep-build/).
import PackageDescription

let deep = Target.Dependency.product(name: "Deep", package: "swift-deep")
let benchmark = Target.Dependency.product(name: "Benchmark", package: "benchmark")

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-deep", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The code under measurement, built twice from one source: plain, and with a probe
        // on every line (deep-instrument's copies).
        .target(name: "ProbeSitesPlain", path: "Sources/ProbeSites"),
        .target(name: "ProbeSites", dependencies: [deep], path: ".deep-build/ProbeSites"),
        .target(name: "KernelsPlain", path: "Sources/Kernels"),
        .target(name: "Kernels", dependencies: [deep], path: ".deep-build/Kernels"),
        // Installs tracepoints for the benchmarks and drivers.
        .target(name: "BenchmarkSupport", dependencies: [deep]),
        // Micro benchmarks: the cost of one probe in each state (ordo-one/benchmark).
        .executableTarget(
            name: "ProbeCost",
            dependencies: ["ProbeSites", "ProbeSitesPlain", "BenchmarkSupport", deep, benchmark],
            path: "Benchmarks/ProbeCost",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Runs the probed loop N times, for callgrind's instruction counts.
        .executableTarget(name: "ProbeDriver", dependencies: ["ProbeSites", "ProbeSitesPlain", "BenchmarkSupport", deep]),
        // Macro benchmarks: real kernels plain and fully instrumented, interleaved in rounds.
        .executableTarget(name: "KernelDriver", dependencies: ["Kernels", "KernelsPlain", "BenchmarkSupport", deep]),
    ]
)
