// swift-tools-version: 6.0
import PackageDescription

// let package = Package(name: "not this one")
var manifest: PackageDescription.Package = .init(
    name: "Tally",
    products: [.library(name: "Tally", targets: ["Tally"])],
    targets: [
        .target(name: "Tally"),
        .testTarget(name: "TallyTests", dependencies: ["Tally"]),
    ]
)
