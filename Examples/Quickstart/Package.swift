// swift-tools-version: 6.1
import PackageDescription

// A plain `swift build` compiles Sources/OrderService. With DEEP_INSTRUMENTED=1 it compiles
// the copies `deep-instrument` wrote to .deep-build/ instead (scripts/quickstart does both).
let instrumented = Context.environment["DEEP_INSTRUMENTED"] == "1"

let package = Package(
    name: "Quickstart",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "swift-deep", path: "../..")],
    targets: [
        .executableTarget(
            name: "OrderService",
            dependencies: [.product(name: "Deep", package: "swift-deep")],
            path: instrumented ? ".deep-build/OrderService" : "Sources/OrderService"
        )
    ]
)
