/// Whether the activator is in a revision's request path: the ServerlessService mode.
public enum ActivatorPathMode: Sendable, Equatable {
    /// Out of the path: the ingress sends requests to the pods.
    case serve
    /// In the path: the ingress sends requests to the activator.
    case proxy

    /// The mode the PodAutoscaler reconciler asks for (`ReconcileKind`,
    /// `pkg/reconciler/autoscaling/kpa/kpa.go`): serve iff the scale it applies (`want`,
    /// after bounds and scale-to-zero gating; −1 while unknown) is above 0 and the
    /// decider's excess burst capacity is not negative.
    public static func requested(want: Int32, excessBurstCapacity: Int32) -> ActivatorPathMode {
        want > 0 && excessBurstCapacity >= 0 ? .serve : .proxy
    }

    /// The mode the ServerlessService reconciler makes effective (`reconcilePublicEndpoints`,
    /// `pkg/reconciler/serverlessservice/serverlessservice.go`): proxy whatever was asked
    /// while the revision has no ready pod endpoint, and then serve if there is no
    /// activator endpoint at all (so the public endpoints are never empty).
    public func effective(readyPodEndpoints: Int, activatorEndpoints: Int) -> ActivatorPathMode {
        var mode = self
        if readyPodEndpoints == 0 { mode = .proxy }
        if activatorEndpoints == 0 { mode = .serve }
        return mode
    }

    /// Both steps: the reconciler's request, then the endpoint overrides.
    public static func decide(want: Int32, excessBurstCapacity: Int32, readyPodEndpoints: Int,
                              activatorEndpoints: Int = 1) -> ActivatorPathMode {
        requested(want: want, excessBurstCapacity: excessBurstCapacity)
            .effective(readyPodEndpoints: readyPodEndpoints, activatorEndpoints: activatorEndpoints)
    }
}
