// swift-tools-version: 6.1
import PackageDescription

// The package the plugin tests build: a library and two executables (main.swift and
// @main), instrumented by the DeepInstrument plugin when DEEP_INSTRUMENT=1, the way
// Examples/OrderServer and the README show.
let instrumented = Context.environment["DEEP_INSTRUMENT"] == "1"

func deep(_ dependencies: [Target.Dependency]) -> (dependencies: [Target.Dependency], sources: [String]?, plugins: [Target.PluginUsage]) {
    guard instrumented else { return (dependencies, nil, []) }
    return (dependencies + [.product(name: "Deep", package: "swift-deep")], ["_Deep.swift"],
            [.plugin(name: "DeepInstrument", package: "swift-deep")])
}

let greeting = deep([])
let hello = deep(["Greeting"])
let greet = deep(["Greeting"])

let package = Package(
    name: "PluginApp",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "swift-deep", path: "../../../..")],
    targets: [
        .target(name: "Greeting", dependencies: greeting.dependencies, sources: greeting.sources, plugins: greeting.plugins),
        .executableTarget(name: "Hello", dependencies: hello.dependencies, sources: hello.sources, plugins: hello.plugins),
        .executableTarget(name: "Greet", dependencies: greet.dependencies, sources: greet.sources, plugins: greet.plugins),
    ]
)
