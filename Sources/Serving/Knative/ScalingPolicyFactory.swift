import Autoscaling

/// Makes a revision's `ScalingPolicy` when a simulation starts: the seam through which any
/// policy (knsim's keep-alive and hybrid histogram, an external program, a user's own
/// Swift type) scales a Knative revision, hosted exactly as the KPA is: it sees the
/// scraper's samples each second and the activator's pushed reports (a poke decides at
/// once), decides every `decisionInterval`, and Knative's KPA-class PodAutoscaler
/// reconciler applies min/max-scale, initial scale, scale-to-zero gating and the
/// activator's place in the path (from the decision's excess burst capacity).
///
/// A factory, not a policy, because every run (each replication of `knsim compare`)
/// needs a fresh policy: a value type starts from its initial state, an external program
/// from a new process. `make` must not fail; a policy that cannot start returns a
/// `FailedScalingPolicy`, which the run reports (`KnativeSimulation.policyFailure()`).
public struct ScalingPolicyFactory: Sendable, Equatable {
    /// What the factory gets to build a revision's policy.
    public struct Context: Sendable {
        /// The revision's name.
        public var revision: String
        /// The revision's config-autoscaler settings with its annotations applied.
        public var settings: AutoscalingSettings
        /// The same as the KPA's decider sees them (target, windows, TBC, …).
        public var deciderSpec: DeciderSpec
    }

    /// A name for messages and for equality (two factories with the same name are taken
    /// to make the same policy).
    public var name: String
    public var make: @Sendable (Context) -> any ScalingPolicy

    public init(name: String, make: @escaping @Sendable (Context) -> any ScalingPolicy) {
        self.name = name
        self.make = make
    }

    public static func == (a: Self, b: Self) -> Bool { a.name == b.name }
}
