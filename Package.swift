// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "IKELens",
    products: [
        .library(name: "IKELens", targets: ["IKELens"]),
        .executable(name: "ikelens", targets: ["ikelens"]),
        .executable(name: "ikelens-bench", targets: ["ikelens-bench"]),
    ],
    targets: [
        .target(name: "IKELens", swiftSettings: [
            // Exclusivity is checked in debug builds (the tests); release builds skip the runtime checks.
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
        ]),
        .executableTarget(name: "ikelens", dependencies: ["IKELens"]),
        .executableTarget(name: "ikelens-bench", dependencies: ["IKELens"]),
        .testTarget(name: "IKELensTests", dependencies: ["IKELens", "ikelens"]),
    ]
)
