import Autoscaling

extension ScalingPolicyFactory {
    /// A fixed keep-alive on a Knative revision (`IdleWindowScaling`): the KPA sizes it
    /// under load, and it scales to zero once idle for the keep-alive.
    public static func keepAlive(_ policy: KeepAlivePolicy) -> Self {
        Self(name: "keep-alive \(policy.idleTimeout)ns") { context in
            IdleWindowScaling(rule: .keepAlive(policy), spec: context.deciderSpec)
        }
    }

    /// The hybrid histogram policy of "Serverless in the Wild" on a Knative revision
    /// (`IdleWindowScaling`): each run learns the revision's idle times from scratch.
    public static func hybridHistogram(_ configuration: HybridHistogramPolicy.Configuration = .init()) -> Self {
        Self(name: "hybrid-histogram \(configuration)") { context in
            IdleWindowScaling(rule: .hybridHistogram(HybridHistogramPolicy(configuration: configuration)),
                              spec: context.deciderSpec)
        }
    }

    /// A program speaking the external policy protocol, started for each run (and
    /// stopped when the simulation is released). A program that cannot start yields a
    /// `FailedScalingPolicy`, reported by `KnativeSimulation.policyFailure()`.
    public static func external(_ configuration: ExternalPolicyConfiguration) -> Self {
        Self(name: "external \(configuration.commandText)") { _ in
            do {
                return try ExternalPolicy(configuration)
            } catch {
                return FailedScalingPolicy(error)
            }
        }
    }
}
