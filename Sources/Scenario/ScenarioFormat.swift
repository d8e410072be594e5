import Autoscaling
import Engine
import Serving

/// The scenario format's vocabulary, exposed so that the JSON Schema in
/// docs/scenario.schema.json (and anything else that describes the format) can be
/// checked against the decoder: the key lists here are the very lists the decoder
/// accepts, so there is a single source of truth.
public enum ScenarioFormat {
    /// The keys one kind of mapping accepts, with the name of the schema's
    /// `$defs` entry that describes it.
    public struct Section: Sendable, Equatable {
        public var definition: String
        public var keys: [String]
    }

    public static var sections: [Section] {
        var sections = [
            Section(definition: "scenario", keys: Scenario.keys),
            Section(definition: "cluster", keys: ClusterConfig.keys),
            Section(definition: "node-pool", keys: NodePool.keys),
            Section(definition: "cluster-autoscaler", keys: ClusterAutoscalerConfig.keys),
            Section(definition: "ingress", keys: IngressConfig.keys),
            Section(definition: "queue-proxy", keys: QueueProxyConfig.keys),
            Section(definition: "mesh", keys: MeshConfig.keys),
            Section(definition: "activator", keys: ActivatorConfig.keys),
            Section(definition: "prices", keys: PricesConfig.keys),
            Section(definition: "resource-list", keys: ResourceList.keys),
            Section(definition: "resources", keys: ResourceRequirements.keys),
            Section(definition: "autoscaler", keys: AutoscalerConfigMap.keys),
            Section(definition: "service", keys: ServiceConfig.keys),
            Section(definition: "revision", keys: RevisionConfig.keys),
            Section(definition: "call", keys: CallSpec.keys),
            Section(definition: "call-group", keys: CallStep.groupKeys),
            Section(definition: "image", keys: ImageConfig.keys),
            Section(definition: "startup", keys: StartupPhases.keys),
            Section(definition: "workload-entry", keys: WorkloadEntry.keys),
            Section(definition: "schedule-segment", keys: RateSchedule.segmentKeys),
            Section(definition: "mmpp-state", keys: MMPPConfig.State.keys),
            Section(definition: "event", keys: ScenarioEvent.keys),
            Section(definition: "event-traffic", keys: ScenarioEvent.trafficKeys),
            Section(definition: "event-kill-pod", keys: ScenarioEvent.killPodKeys),
            Section(definition: "event-kill-node", keys: ScenarioEvent.killNodeKeys),
        ]
        sections += PoolConfig.kinds.map { Section(definition: "pool-\($0)", keys: PoolConfig.keys(of: $0)) }
        sections += ScalingPolicyConfig.kinds.map {
            Section(definition: "policy-\($0)", keys: ScalingPolicyConfig.keys(of: $0))
        }
        sections += DistributionDecoder.families.map {
            Section(definition: "distribution-\($0.name)", keys: DistributionDecoder.keys(of: $0.name))
        }
        sections += ArrivalProcessConfig.processes.map {
            Section(definition: "arrivals-\($0.name)", keys: ArrivalProcessConfig.keys(of: $0.name))
        }
        return sections
    }

    /// Values of `generator`.
    public static var generators: [String] { GeneratorKind.allCases.map(\.rawValue) }
    /// Values of a distribution's `distribution` key.
    public static var distributions: [String] { DistributionDecoder.families.map(\.name) }
    /// Values of an arrivals mapping's `process` key.
    public static var arrivalProcesses: [String] { ArrivalProcessConfig.processes.map(\.name) }
    /// Values of a pool's `kind` key.
    public static var poolKinds: [String] { PoolConfig.kinds }
    /// Values of a revision's `policy` `kind` key.
    public static var policyKinds: [String] { ScalingPolicyConfig.kinds }
    /// Values of a trace's `format`.
    public static var traceFormats: [String] { TraceFormat.allCases.map(\.rawValue) }
    /// Values of `cluster.scheduler`.
    public static var schedulerScorings: [String] { SchedulerScoring.allCases.map(\.rawValue) }
    /// Values of a revision's `cpu-model`.
    public static var cpuModels: [String] { CPUModel.allCases.map(\.rawValue) }
    /// Actions an event may carry.
    public static var eventActions: [String] { ScenarioEvent.actions }
    /// Full `autoscaling.knative.dev/...` annotation keys a revision accepts.
    public static var autoscalingAnnotations: [String] {
        KnativeKeys.annotationKeys.map { KnativeKeys.annotationPrefix + $0 }
    }
}
