import Engine

/// A whole scenario: what to simulate, for how long, and what to expect.
///
/// Decoded from YAML by `ScenarioLoader`; the format is documented field by field,
/// with defaults and where they come from, in docs/scenario-format.md.
public struct Scenario: Sendable, Equatable {
    /// A DNS-1123 label; also the name of the run's folder under results/.
    public var name: String
    /// Free text for people; not used by the simulation. Default: none.
    public var description: String?
    /// The seed every random stream derives from. Default: 1.
    public var seed: UInt64
    /// The GSL generator behind every random stream. Default: mt19937.
    public var generator: GeneratorKind
    /// Simulated time to run, warm-up included. Required, > 0.
    public var duration: SimDuration
    /// Leading part of the run excluded from statistics. Default: 0; < duration.
    public var warmup: SimDuration
    public var cluster: ClusterConfig
    /// The Istio mesh: sidecars and their overheads.
    public var mesh: MeshConfig
    /// Knative's activator.
    public var activator: ActivatorConfig
    /// The config-autoscaler ConfigMap, as written.
    public var autoscaler: AutoscalerConfigMap
    public var services: [ServiceConfig]
    public var workload: [WorkloadEntry]
    /// Timed events (canary steps, faults), sorted by time.
    public var events: [ScenarioEvent]
    /// `expect:` lines, kept as written for the expectation checker.
    public var expectations: [Expectation]
    /// Prices for the summary's `cost` block. Default: none (no cost).
    public var prices: PricesConfig? = nil
    /// What the scenario (or a manifest it reads) sets that knsim reads but does not
    /// act on; `knsim lint` prints them. Not part of the simulation's input.
    public var warnings: [ScenarioWarning]

    public init(name: String, description: String? = nil, seed: UInt64 = Scenario.defaultSeed,
                generator: GeneratorKind = Scenario.defaultGenerator, duration: SimDuration,
                warmup: SimDuration = .zero, cluster: ClusterConfig = ClusterConfig(),
                mesh: MeshConfig = MeshConfig(), activator: ActivatorConfig = ActivatorConfig(),
                autoscaler: AutoscalerConfigMap = AutoscalerConfigMap(), services: [ServiceConfig],
                workload: [WorkloadEntry], events: [ScenarioEvent] = [], expectations: [Expectation] = [],
                warnings: [ScenarioWarning] = []) {
        self.name = name
        self.description = description
        self.seed = seed
        self.generator = generator
        self.duration = duration
        self.warmup = warmup
        self.cluster = cluster
        self.mesh = mesh
        self.activator = activator
        self.autoscaler = autoscaler
        self.services = services
        self.workload = workload
        self.events = events
        self.expectations = expectations
        self.warnings = warnings
    }

    public static let defaultSeed: UInt64 = 1
    public static let defaultGenerator = GeneratorKind.mt19937

    /// The service with this name, if any.
    public func service(named name: String) -> ServiceConfig? {
        services.first { $0.name == name }
    }
}
