// swift-tools-version: 5.9
// A package for scripts/corpus-check whose manifests do not bind their Package to `package`,
// as several long-lived packages write them. SwiftPM 6 reads Package@swift-6.0.swift; this
// one is read by older tools, and corpus-check must handle both.
import PackageDescription

let pkg = Package(
    name: "Tally",
    products: [.library(name: "Tally", targets: ["Tally"])],
    targets: [
        .target(name: "Tally"),
        .testTarget(name: "TallyTests", dependencies: ["Tally"]),
    ]
)
