/// `knsim autoscaler replay --policy external`: the replay of `PolicyReplay` through a
/// program, with the program's errors surfaced instead of invalid decisions.
public enum ExternalPolicyReplay {
    /// Starts the program, replays `observations` through it and stops it. `bounds`
    /// applies min/max-scale as for the KPA replay.
    public static func run(_ observations: [ReplayObservation], configuration: ExternalPolicyConfiguration,
                           bounds: (Int32) -> Int32 = { $0 }) throws(ExternalPolicyError) -> [ReplayDecision] {
        let policy = try ExternalPolicy(configuration)
        let decisions = PolicyReplay.run(observations, makePolicy: { _, _ in policy }, bounds: bounds)
        if let failure = policy.failure { throw failure }
        return decisions
    }
}
