import Autoscaling

extension RevisionSpec {
    /// The revision's scaling policy as a new revision gets it: KPA, HPA (which takes
    /// over the Deployment Knative created with initial-scale replicas) or a custom
    /// factory's. One function for the simulation (`KnativeSimulation.makeRevision`)
    /// and real mode, so both run the same policy for the same scenario.
    package func makeScalingPolicy() -> (policy: any ScalingPolicy, isHPA: Bool) {
        let decider = autoscaling.deciderSpec()
        switch policy {
        case .kpa:
            return (KPAPolicy(spec: decider, createdAt: 0, readyPods: 0), false)
        case .hpa(let hpa):
            let reconcilerSpec = ReconcilerSpec(settings: autoscaling)
            return (HPAPolicy(spec: hpa, currentReplicas: reconcilerSpec.initialReplicas), true)
        case .custom(let factory):
            return (factory.make(ScalingPolicyFactory.Context(revision: name, settings: autoscaling,
                                                              deciderSpec: decider)), false)
        }
    }
}
