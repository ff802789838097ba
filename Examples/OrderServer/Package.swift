// swift-tools-version: 6.1
import PackageDescription

// `swift build` builds the service as it is. `DEEP_INSTRUMENT=1 swift build` builds it with
// a probe on every line: the DeepInstrument plugin rewrites each target's files at build
// time, and the runtime is linked in. The sources on disk never change.
let instrumented = Context.environment["DEEP_INSTRUMENT"] == "1"

/// The lines a target needs for instrumentation; nothing in a plain build.
func deep(_ dependencies: [Target.Dependency]) -> (dependencies: [Target.Dependency], sources: [String]?, plugins: [Target.PluginUsage]) {
    guard instrumented else { return (dependencies, nil, []) }
    return (dependencies + [.product(name: "Deep", package: "swift-deep")], ["_Deep.swift"],
            [.plugin(name: "DeepInstrument", package: "swift-deep")])
}

let pricing = deep([])
let server = deep([
    "Pricing", .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
])

let package = Package(
    name: "OrderServer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-deep", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(name: "Pricing", dependencies: pricing.dependencies, sources: pricing.sources, plugins: pricing.plugins),
        .executableTarget(
            name: "OrderServer", dependencies: server.dependencies, sources: server.sources, plugins: server.plugins),
    ]
)
