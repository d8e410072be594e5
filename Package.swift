// swift-tools-version:6.0
import PackageDescription

// Layers follow ../shared/DESIGN.md: each is one target, and a target imports only
// the layers below it. The simulation core (Engine, Autoscaling, Workload, Serving,
// Scenario, Results) has no HTTP dependencies so that it and its tests build fast.
let package = Package(
    name: "knsim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "knsim", targets: ["knsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        // GSL through pkg-config (Debian: libgsl-dev). See Sources/CGSL/shim.h.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(name: "Engine", dependencies: ["CGSL"]),
        .target(name: "Autoscaling"),
        .target(name: "Workload", dependencies: ["Engine"]),
        .target(name: "Serving", dependencies: [
            "Engine", "Autoscaling", "Workload",
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        .target(name: "Scenario", dependencies: ["Engine", "Autoscaling", "Workload", "Serving", "Yams"]),
        .target(name: "Results", dependencies: ["Engine", "Serving", "Scenario"]),
        .executableTarget(
            name: "knsim",
            dependencies: [
                "Engine", "Autoscaling", "Workload", "Serving", "Scenario", "Results",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "EngineTests", dependencies: ["Engine"]),
        .testTarget(name: "WorkloadTests", dependencies: ["Workload", "Engine"]),
        .testTarget(name: "AutoscalingTests", dependencies: ["Autoscaling"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Engine", "Serving", "Workload"]),
        .testTarget(name: "ServingTests", dependencies: ["Serving", "Engine", "Workload", "Scenario", "Results"]),
        .testTarget(name: "CLITests", dependencies: ["knsim"]),
    ]
)
