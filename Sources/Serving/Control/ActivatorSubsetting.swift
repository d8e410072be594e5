/// How a revision's pods are shared among the activators in its path, and how many
/// activators that is.
public enum ActivatorSubsetting {
    /// Knative's `minActivators` (`pkg/reconciler/autoscaling/kpa/kpa.go`): 2.
    public static let minimumActivators = 2

    /// The number of activators the PodAutoscaler reconciler asks for a revision
    /// (`computeNumActivators`, `pkg/reconciler/autoscaling/kpa/kpa.go`): 2 when the
    /// target burst capacity is 0; otherwise enough activators, at `activatorCapacity`
    /// requests each (config-autoscaler `activator-capacity`, default 100), to cover the
    /// ready pods' total target plus a positive burst capacity, and at least 2.
    /// A target burst capacity of −1 (unlimited) adds nothing.
    public static func numActivators(readyPods: Int, totalValue: Double, targetBurstCapacity: Double,
                                     activatorCapacity: Double) -> Int {
        if targetBurstCapacity == 0 { return minimumActivators }
        var capacityToCover = Double(readyPods) * totalValue
        if targetBurstCapacity > 0 { capacityToCover += targetBurstCapacity }
        let needed = (capacityToCover / activatorCapacity).rounded(.up)
        // Knative converts to int32; clamp rather than trap on absurd inputs.
        guard needed.isFinite, needed < Double(Int32.max) else { return Int(Int32.max) }
        return Swift.max(minimumActivators, Int(needed))
    }

    /// How many activators actually carry the revision: the SKS reconciler puts a subset
    /// of `requested` activator endpoints in the revision's public endpoints, or all of
    /// them when there are no more than that, or when `requested` is 0
    /// (`subsetEndpoints`, `pkg/reconciler/serverlessservice/serverlessservice.go`).
    public static func activatorsInPath(requested: Int, available: Int) -> Int {
        requested <= 0 ? available : Swift.min(requested, available)
    }

    /// Knative's `pickIndices` (`pkg/activator/net/throttler.go`): the slice
    /// `begin..<end` of the sorted pods that activator `activatorIndex` of
    /// `numActivators` takes, and how many pods are left over for the first activators.
    /// With more activators than pods, each activator takes one pod, round robin.
    public static func pickIndices(podCount: Int, activatorIndex: Int, numActivators: Int)
        -> (begin: Int, end: Int, remnants: Int) {
        precondition(podCount > 0 && numActivators > 0 && (0..<numActivators).contains(activatorIndex),
                     "pickIndices: \(podCount) pods, activator \(activatorIndex) of \(numActivators)")
        if numActivators > podCount {
            let begin = activatorIndex % podCount
            return (begin, begin + 1, 0)
        }
        let size = podCount / numActivators
        let begin = activatorIndex * size
        return (begin, begin + size, podCount % numActivators)
    }

    /// The positions, in sorted pod order, that one activator sends requests to
    /// (`assignSlice`, `pkg/activator/net/throttler.go`): its even slice, plus one of
    /// the remainder pods (from the end of the list) if its index is below the remainder.
    /// Every pod when the activator's index is unknown (`nil`; Knative's −1), when it is
    /// the only activator, or when there is at most one pod.
    public static func assignedPositions(podCount: Int, activatorIndex: Int?, numActivators: Int)
        -> (slice: Range<Int>, extra: Int?) {
        guard let index = activatorIndex, numActivators > 1, podCount > 1 else { return (0..<podCount, nil) }
        let (begin, end, remnants) = pickIndices(podCount: podCount, activatorIndex: index, numActivators: numActivators)
        let extra = index < remnants ? podCount - remnants + index : nil
        return (begin..<end, extra)
    }
}
