import Engine
import Serving

/// One pod's startup phases, drawn from the revision's `PodStartupSpec` in the order
/// the simulation draws them from its `startup/<revision>` stream (scheduling,
/// sandbox, container, user-container start, application init, proxy start with the
/// mesh, readiness probe, endpoint propagation), so that a real run consumes the
/// stream as a simulated one does.
///
/// Real mode waits out the phases that cannot happen for real on one machine
/// (`emulatedBeforeSpawn`), then starts the process with `applicationInit` as its
/// initialisation delay (knsim-fn's `--init-delay`). The user-container start and the
/// readiness probe then happen for real, so their draws are kept only for the record;
/// endpoint propagation (and a held-back proxy start) is for the orchestrator to wait
/// out after readiness, if it wants the simulation's figure rather than its own.
public struct PodStartupPlan: Sendable, Equatable {
    public var scheduling: SimDuration
    public var imagePull: SimDuration
    public var sandboxCreation: SimDuration
    public var containerCreation: SimDuration
    public var userContainerStart: SimDuration
    public var applicationInit: SimDuration
    /// Drawn only with the mesh, as in the simulation.
    public var proxyStart: SimDuration?
    public var readinessProbe: SimDuration
    public var endpointPropagation: SimDuration

    /// Waited before the process is spawned: scheduling, image pull, sandbox and
    /// container creation — plus the proxy start when the mesh holds the application
    /// until the proxy is up.
    public func emulatedBeforeSpawn(holdApplicationUntilProxyStarts: Bool = false) -> SimDuration {
        var total = scheduling + imagePull + sandboxCreation + containerCreation
        if holdApplicationUntilProxyStarts, let proxyStart { total = total + proxyStart }
        return total
    }

    /// The application's initialisation delay in seconds (knsim-fn's `--init-delay`).
    public var initDelaySeconds: Double { applicationInit.seconds }
}

public enum EmulatedStartup {
    /// Draws one pod's phases. `imagePull` is not drawn (it follows from the image size
    /// and bandwidth); pass the simulation's figure, or zero for a pre-pulled image.
    public static func plan(_ spec: PodStartupSpec, using stream: RandomStream, mesh: Bool,
                            imagePull: SimDuration = .zero) -> PodStartupPlan {
        let scheduling = spec.scheduling.sampleDuration(using: stream)
        let sandbox = spec.sandboxCreation.sampleDuration(using: stream)
        let container = spec.containerCreation.sampleDuration(using: stream)
        let start = spec.userContainerStart.sampleDuration(using: stream)
        let initialise = spec.applicationInit.sampleDuration(using: stream)
        let proxy = mesh ? spec.proxyStart.sampleDuration(using: stream) : nil
        let readiness = spec.readinessProbe.sampleDuration(using: stream)
        let propagation = spec.endpointPropagation.sampleDuration(using: stream)
        return PodStartupPlan(scheduling: scheduling, imagePull: imagePull, sandboxCreation: sandbox,
                              containerCreation: container, userContainerStart: start, applicationInit: initialise,
                              proxyStart: proxy, readinessProbe: readiness, endpointPropagation: propagation)
    }

    /// The delay real mode waits before spawning a pod's process: the phases one
    /// machine cannot reproduce (see `PodStartupPlan.emulatedBeforeSpawn`).
    public static func delay(_ spec: PodStartupSpec, using stream: RandomStream, mesh: Bool = false,
                             holdApplicationUntilProxyStarts: Bool = false) -> SimDuration {
        plan(spec, using: stream, mesh: mesh).emulatedBeforeSpawn(holdApplicationUntilProxyStarts: holdApplicationUntilProxyStarts)
    }
}
