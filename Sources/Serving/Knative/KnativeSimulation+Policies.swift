import Autoscaling

extension KnativeSimulation {
    /// The first revision whose policy failed (an external program that could not start,
    /// exited or broke the protocol) and its error; nil when every policy is sound.
    /// Check it before `run()` (a program that did not start) and after (one that failed
    /// during the run: from then on it made no decisions, so the report is not sound).
    public func policyFailure() -> (revision: String, error: any Error & Sendable)? {
        for revision in revisions {
            if let policy = revision.policy as? any FallibleScalingPolicy, let error = policy.policyFailure {
                return (revision.spec.name, error)
            }
        }
        return nil
    }
}
