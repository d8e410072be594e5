import Engine

/// The phases of a pod's cold start, in order. Each has its own distribution and its
/// own line in the results, so a study can see which phase dominates.
public enum StartupPhase: Int, CaseIterable, Sendable {
    /// From creation until the scheduler binds the pod to a node.
    case scheduling
    /// Pulling the image; skipped when the node already has it (size / bandwidth).
    case imagePull
    /// Pod sandbox (pause container, network namespace).
    case sandboxCreation
    /// Creating the containers.
    case containerCreation
    /// istio-proxy start (mesh only). The application waits for it only under
    /// `holdApplicationUntilProxyStarts`; otherwise the two start side by side.
    case proxyStart
    /// User container process start.
    case userContainerStart
    /// The application's own initialisation before it can serve.
    case applicationInit
    /// Until readiness probing (queue-proxy's aggressive probe) declares the pod ready.
    case readinessProbe
    /// Until the activator and the ingress route to the new endpoint.
    case endpointPropagation

    public var name: String {
        switch self {
        case .scheduling: return "scheduling"
        case .imagePull: return "image-pull"
        case .sandboxCreation: return "sandbox-creation"
        case .containerCreation: return "container-creation"
        case .proxyStart: return "proxy-start"
        case .userContainerStart: return "user-container-start"
        case .applicationInit: return "application-init"
        case .readinessProbe: return "readiness-probe"
        case .endpointPropagation: return "endpoint-propagation"
        }
    }
}

/// The distributions of the drawn startup phases (image pull is computed from the image
/// size and the pull bandwidth; the proxy start counts only with the mesh).
///
/// Defaults add up to about 1 s for a pre-pulled image, matching Knative's reported
/// "scales from 0 in nearly a second" (KubeCon EU 2019; shared/reference/platform-figures.md).
public struct PodStartupSpec: Sendable {
    public var scheduling: Distribution
    public var sandboxCreation: Distribution
    public var containerCreation: Distribution
    public var proxyStart: Distribution
    public var userContainerStart: Distribution
    public var applicationInit: Distribution
    public var readinessProbe: Distribution
    public var endpointPropagation: Distribution

    public init(scheduling: Distribution = .constant(0.05),
                sandboxCreation: Distribution = .constant(0.25),
                containerCreation: Distribution = .constant(0.15),
                proxyStart: Distribution = .constant(0.3),
                userContainerStart: Distribution = .constant(0.2),
                applicationInit: Distribution = .constant(0.1),
                readinessProbe: Distribution = .constant(0.1),
                endpointPropagation: Distribution = .constant(0.15)) {
        self.scheduling = scheduling
        self.sandboxCreation = sandboxCreation
        self.containerCreation = containerCreation
        self.proxyStart = proxyStart
        self.userContainerStart = userContainerStart
        self.applicationInit = applicationInit
        self.readinessProbe = readinessProbe
        self.endpointPropagation = endpointPropagation
    }
}
