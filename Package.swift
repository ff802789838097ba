// swift-tools-version: 6.1
import PackageDescription

/// `DEEP_PREBUILT_INSTRUMENTER=1`: the plugin runs the deep-instrument that
/// scripts/build-instrumenter-bundle packed into `instrumenterBundle`, and packages that use
/// it never build swift-syntax; otherwise the plugin's tool is built from source, in the
/// build's configuration. A switch in the environment rather than the bundle's presence:
/// SwiftPM reuses a manifest's evaluation while its text and environment stay the same, so
/// it would not see the bundle come or go.
let prebuiltInstrumenter = Context.environment["DEEP_PREBUILT_INSTRUMENTER"] == "1"
let instrumenterBundle = "Artifacts/deep-instrument.artifactbundle"

let package = Package(
    name: "swift-deep",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Deep", targets: ["Deep"]),
        // The runtime as a shared library for C programs built outside SwiftPM (see deep-config).
        .library(name: "DeepRuntime", type: .dynamic, targets: ["Deep"]),
        // The same as a static archive, for C programs linked with -static (scripts/build-c-runtime).
        .library(name: "DeepRuntimeStatic", type: .static, targets: ["Deep"]),
        // Fleet mode: a Deep server hands out tracepoints and collects snapshots over gRPC.
        .library(name: "DeepGRPC", targets: ["DeepGRPC"]),
        .executable(name: "deep-config", targets: ["deep-config"]),
        .executable(name: "deep-instrument", targets: ["deep-instrument"]),
        .executable(name: "deep", targets: ["DeepCLI"]),
        // `deep ui`: the page in the browser. Its own product, so that `deep` builds without
        // an HTTP server.
        .executable(name: "deep-ui", targets: ["deep-ui"]),
        .plugin(name: "DeepInstrument", targets: ["DeepInstrument"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // The probe ABI: per-file record layout and the disabled-probe test, shared by
        // generated Swift and C code, the runtime and the instrumenter.
        .target(name: "DeepProbeABI"),
        // The formats the runtime, the instrumenter and the `deep` command share: tracepoints,
        // status and snapshot files, the probe manifest and record, the expression language,
        // and how a `path:line` finds a probe.
        .target(name: "DeepModel", dependencies: ["DeepProbeABI"]),
        // The runtime's C part: start before `main`, find the probe records, walk the stack.
        .target(name: "CDeepRuntime"),
        // The runtime linked into instrumented programs.
        .target(
            name: "Deep",
            dependencies: [
                "DeepModel", "DeepProbeABI", "CDeepRuntime",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // The Deep wire protocol (gRPC): polls a Deep server for tracepoints, sends it snapshots.
        // Its code generated from Protos/ is committed (scripts/generate-protos).
        .target(
            name: "DeepGRPC",
            dependencies: [
                "Deep", "DeepModel",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // libclang's C API, declared here and loaded at run time, so only C users need it.
        .target(name: "CLibclang"),
        // The source rewriter: puts probes into Swift and C files, writes the manifest.
        .target(
            name: "DeepInstrumenter",
            dependencies: [
                "DeepModel", "DeepProbeABI", "CLibclang",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftParserDiagnostics", package: "swift-syntax"),
            ]
        ),
        .executableTarget(
            name: "deep-instrument",
            dependencies: [
                "DeepInstrumenter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Prints the flags a C build needs to compile instrumented files and link the runtime.
        .executableTarget(
            name: "deep-config",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The build tool plugin: runs deep-instrument over a target's files at build time.
        .plugin(
            name: "DeepInstrument", capability: .buildTool(),
            dependencies: [prebuiltInstrumenter ? "PrebuiltInstrumenter" : "deep-instrument"]),
        // What the `deep` command and the page do to a service directory: set, list and delete
        // tracepoints in its tracepoints file, page through its snapshots.
        .target(
            name: "DeepWorkspace",
            dependencies: ["DeepModel", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The `deep` command: set, list and delete tracepoints, read snapshots.
        .executableTarget(
            name: "DeepCLI",
            dependencies: [
                "DeepModel", "DeepWorkspace", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The page: a local HTTP server (Hummingbird) for the source, tracepoints and snapshots.
        .target(
            name: "DeepUI",
            dependencies: [
                "DeepModel", "DeepWorkspace", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "deep-ui",
            dependencies: ["DeepUI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Fuzzing: scripts/fuzz builds it with libFuzzer (-DDEEP_FUZZING); built plainly, it
        // replays the committed corpus in Fuzz/Corpus, as the tests do.
        .executableTarget(
            name: "deep-fuzz",
            dependencies: [
                "Deep", "DeepModel", "DeepInstrumenter", .product(name: "SwiftParser", package: "swift-syntax"),
            ],
            path: "Fuzz/DeepFuzz"
        ),
        .testTarget(name: "DeepGRPCTests", dependencies: ["DeepGRPC", "DeepModel"]),
        // The program the fleet-mode tests run against a Deep server: instrumented by the
        // plugin, linked with DeepGRPC. Not a product.
        .executableTarget(
            name: "FleetApp", dependencies: ["Deep", "DeepGRPC"], path: "Tests/FleetApp",
            sources: ["_Deep.swift"], plugins: ["DeepInstrument"]
        ),
        .testTarget(
            name: "DeepTests",
            dependencies: [
                "Deep", .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "DeepUITests",
            dependencies: [
                "DeepUI", "DeepWorkspace", "DeepModel", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "DeepInstrumenterTests", dependencies: ["DeepInstrumenter", "DeepModel"],
            exclude: ["Golden"]
        ),
        // Instruments fixture programs, builds them against Deep in a generated package
        // (under .build-e2e/), runs them and reads what they wrote.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["DeepModel", "DeepInstrumenter", "deep-instrument", "DeepCLI", "deep-ui", "FleetApp"],
            exclude: ["Fixtures"]
        ),
    ]
)

if prebuiltInstrumenter {
    package.targets.append(.binaryTarget(name: "PrebuiltInstrumenter", path: instrumenterBundle))
}
