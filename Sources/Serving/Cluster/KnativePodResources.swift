/// The containers of a Knative revision pod and their default requests.
///
/// A Knative pod is the user container, Knative's queue-proxy sidecar, and, when the
/// namespace is in the Istio mesh with sidecar injection, istio-proxy. Each default
/// below names where it comes from; a scenario overrides any of them.
public enum KnativePodResources {
    /// queue-proxy: 25m CPU, memory unset.
    ///
    /// Knative config-deployment `queue-sidecar-cpu-request`, default "25m"
    /// (knative/serving pkg/deployment/config.go `QueueSidecarCPURequestDefault`, the
    /// only queue-proxy resource `defaultConfig()` sets). `queue-sidecar-memory-request`
    /// is unset by default; the constant `QueueSidecarMemoryRequestDefault` = 400Mi is
    /// applied only when config-features `queueproxy.resource-defaults` is enabled, which
    /// it is not by default. See `queueProxyWithResourceDefaults` for that variant.
    public static let queueProxy = ContainerRequests(milliCPU: 25, memoryBytes: nil)

    /// queue-proxy with config-features `queueproxy.resource-defaults: enabled`:
    /// 25m CPU and 400Mi memory (pkg/deployment/config.go).
    public static let queueProxyWithResourceDefaults = ContainerRequests(
        milliCPU: 25, memoryBytes: ByteQuantity.mebibytes(400))

    /// istio-proxy: 100m CPU and 128Mi memory, Istio's default sidecar requests
    /// (`global.proxy.resources.requests`; /work/shared/reference/platform-figures.md).
    public static let istioProxy = ContainerRequests(milliCPU: 100, memoryBytes: ByteQuantity.mebibytes(128))

    /// The user container: 400m CPU and 100M memory — knsim's choice, not Knative's.
    ///
    /// Knative sets no user-container request unless config-defaults sets
    /// `revision-cpu-request` / `revision-memory-request`, and those are unset by default
    /// (they appear only in the `_example` block of config/core/configmaps/defaults.yaml).
    /// A pod without requests would never run out of node capacity in this model (only
    /// the 110-pod limit would bind), which hides the effect a capacity study is after;
    /// so knsim defaults to the values that `_example` block shows (400m, 100M).
    /// `ContainerRequests.unset` reproduces Knative's real default exactly.
    public static let userContainer = ContainerRequests(milliCPU: 400, memoryBytes: ByteQuantity.megabytes(100))

    /// The requests of a revision pod. `istioProxy: nil` means no mesh sidecar.
    public static func podRequests(
        user: ContainerRequests = userContainer,
        queueProxy: ContainerRequests = queueProxy,
        istioProxy: ContainerRequests? = istioProxy
    ) -> PodRequests {
        var containers = [user, queueProxy]
        if let istioProxy { containers.append(istioProxy) }
        return PodRequests(containers: containers)
    }
}
