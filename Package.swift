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
        .executable(name: "knsim-fn", targets: ["knsim-fn"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        // Real mode only (RealMode, knsim-fn): HTTP servers, an HTTP client, child processes.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
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
        // The call plan real mode's requests carry to knsim-fn, and the records of the
        // calls it made (Foundation only: knsim-fn and RealMode share it).
        .target(name: "CallPlanWire"),
        // Real mode: the same control types, driven by the wall clock, with child processes
        // as pods and real HTTP hops on 127.0.0.1.
        .target(name: "RealMode", dependencies: [
            "Engine", "Autoscaling", "Workload", "Serving", "Scenario", "Results", "CallPlanWire",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Subprocess", package: "swift-subprocess"),
        ]),
        .executableTarget(
            name: "knsim",
            dependencies: [
                "Engine", "Autoscaling", "Workload", "Serving", "Scenario", "Results", "RealMode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The small HTTP function server that real mode starts as a pod.
        .executableTarget(
            name: "knsim-fn",
            dependencies: [
                "CallPlanWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
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
        .testTarget(name: "RealModeTests", dependencies: ["RealMode", "knsim-fn", "CallPlanWire", "Serving", "Engine", "Scenario", "Autoscaling"]),
    ]
)
