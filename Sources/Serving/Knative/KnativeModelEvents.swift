import Autoscaling
import Engine

/// Something the model does at a set time of the run (a scenario's `events:`).
public struct TimedModelEvent: Sendable {
    /// Since the start of the run. Events at the same time happen in list order.
    public var at: SimDuration
    public var action: ModelEventAction

    public init(at: SimDuration, action: ModelEventAction) {
        self.at = at
        self.action = action
    }
}

public enum ModelEventAction: Sendable {
    /// The service's traffic split becomes `split` (a canary step). Revisions of the
    /// service not listed get 0 %; the shares should add up to 100.
    case setTraffic(service: String, split: [RevisionTraffic])
    /// `count` pods of the revision die at once (a crash, an OOM kill, an eviction):
    /// the requests they hold fail with "pod-killed". Ready pods go first, oldest
    /// first, then pods still starting. The ReplicaSet's desired count is unchanged, so
    /// it creates replacements (each a cold start).
    case killPods(revision: String, count: Int)
    /// The node `index` of the pool (from 0, in the order its nodes were created: the
    /// pool's first `count`, then those the cluster autoscaler added) fails: its pods'
    /// requests fail with "node-killed", the pods are recreated on other nodes, and the
    /// node does not come back. Naming a node that does not exist (not yet added, or
    /// already gone) does nothing and is counted in `FaultSummary.eventsWithoutTarget`.
    case killNode(pool: String, index: Int)
}

/// One revision's share in a traffic-split event.
public struct RevisionTraffic: Sendable, Equatable {
    public var revision: String
    public var percent: Double
    public init(revision: String, percent: Double) {
        self.revision = revision
        self.percent = percent
    }
}

/// What decides a revision's pod count.
public enum RevisionPolicyKind: Sendable, Equatable {
    /// Knative's KPA with its PodAutoscaler reconciler (scale to zero, activator in the
    /// path when burst capacity is short).
    case kpa
    /// Kubernetes' HPA (Knative class `hpa.autoscaling.knative.dev`): build the spec with
    /// `HPASpec(settings:)`. Never scales to zero, and Knative keeps the activator out
    /// of the path (it still buffers while the revision has no routable pod).
    case hpa(HPASpec)
    /// Any `ScalingPolicy`, made by the factory for each run and hosted as the KPA is
    /// (Knative's KPA-class reconciler; see `ScalingPolicyFactory`).
    case custom(ScalingPolicyFactory)
}

/// How the requests in service in one pod use CPU.
public enum ContainerCPUModel: Sendable, Equatable {
    /// Each request takes its drawn service time however many run at once, and uses one
    /// core while it runs (that is what the HPA's CPU utilisation sees).
    case unconstrained
    /// Processor sharing under the container's CPU limit: n requests in service each
    /// progress at min(1, limitCores / n) of a core, so the drawn service time is the
    /// request's work alone on one core and stretches when n exceeds the limit.
    case processorSharing(limitCores: Double)
}
