/// What the KPA-class PodAutoscaler reconciler needs besides the decider status: the
/// scale bounds, initial scale, scale-to-zero settings and the activator sizing inputs.
/// Durations are nanoseconds. Sources: pkg/reconciler/autoscaling/kpa/kpa.go and
/// scaler.go, pkg/apis/autoscaling/v1alpha1/pa_lifecycle.go (`ScaleBounds`),
/// pkg/deployment/config.go (`progress-deadline`).
public struct ReconcilerSpec: Sendable, Equatable {
    /// `progress-deadline` default of config-deployment (pkg/deployment/config.go): 600 s,
    /// Kubernetes' own Deployment default.
    public static let defaultProgressDeadline: Int64 = KPATiming.seconds(600)
    /// `activationTimeoutBuffer` (scaler.go): 30 s added to the progress deadline so the
    /// revision reconciler can report pod failures before the KPA gives up.
    public static let activationTimeoutBuffer: Int64 = KPATiming.seconds(30)
    /// The delay Knative re-enqueues a PA with when it deactivates it while the SKS is
    /// already proxying (no SKS change will trigger the next reconcile): 3 s (scaler.go).
    public static let alreadyProxyingRecheck: Int64 = KPATiming.seconds(3)

    /// `min-scale` (annotation over config map). Ignored when the revision is unreachable.
    public var minScale: Int32
    /// `max-scale` (0 = unlimited).
    public var maxScale: Int32
    /// `GetInitialScale`: the annotation unless it is a disallowed 0, else the config map
    /// (`allow-zero-initial-scale` permits 0).
    public var initialScale: Int32
    /// False for a revision no route points at (`ReachabilityUnreachable`): min-scale,
    /// initial-scale and the pod-retention period are then ignored.
    public var reachable: Bool
    /// `enable-scale-to-zero`: false keeps one pod where the decider asks for zero.
    public var enableScaleToZero: Bool
    /// The stable window (annotation `window` or `stable-window`): how long a PA must have
    /// been Active before it may be marked Inactive.
    public var stableWindow: Int64
    /// `scale-to-zero-grace-period`: how long the activator must have been in the path
    /// before the last pod goes.
    public var scaleToZeroGracePeriod: Int64
    /// `scale-to-zero-pod-retention-period` (annotation over config map): how long the last
    /// pod stays after the PA became Inactive.
    public var scaleToZeroPodRetentionPeriod: Int64
    /// How long a PA may stay Activating before the KPA scales it to zero anyway:
    /// progress deadline + 30 s.
    public var activationTimeout: Int64
    /// Target burst capacity: 0 none, −1 activator always in the path, > 0 spare capacity.
    public var targetBurstCapacity: Double
    /// Per-pod capacity in metric units (`DeciderSpec.totalValue`).
    public var totalValue: Double
    /// `activator-capacity`.
    public var activatorCapacity: Double

    /// Explicit values; the defaults are Knative's.
    public init(minScale: Int32 = 0, maxScale: Int32 = 0, initialScale: Int32 = 1, reachable: Bool = true,
                enableScaleToZero: Bool = true, stableWindow: Int64 = KPATiming.seconds(60),
                scaleToZeroGracePeriod: Int64 = KPATiming.seconds(30), scaleToZeroPodRetentionPeriod: Int64 = 0,
                progressDeadline: Int64 = ReconcilerSpec.defaultProgressDeadline,
                targetBurstCapacity: Double = 211, totalValue: Double = 100, activatorCapacity: Double = 100) {
        self.minScale = minScale
        self.maxScale = maxScale
        self.initialScale = initialScale
        self.reachable = reachable
        self.enableScaleToZero = enableScaleToZero
        self.stableWindow = stableWindow
        self.scaleToZeroGracePeriod = scaleToZeroGracePeriod
        self.scaleToZeroPodRetentionPeriod = scaleToZeroPodRetentionPeriod
        self.activationTimeout = progressDeadline + Self.activationTimeoutBuffer
        self.targetBurstCapacity = targetBurstCapacity
        self.totalValue = totalValue
        self.activatorCapacity = activatorCapacity
    }

    /// The reconciler's view of a revision whose decider spec and cluster config are known.
    /// `progressDeadline` is config-deployment's (or the revision's
    /// `serving.knative.dev/progress-deadline` annotation).
    public init(decider: DeciderSpec, config: AutoscalerConfig,
                progressDeadline: Int64 = ReconcilerSpec.defaultProgressDeadline) {
        self.init(minScale: decider.minScale, maxScale: decider.maxScale, initialScale: decider.initialScale,
                  reachable: decider.reachable, enableScaleToZero: config.enableScaleToZero,
                  stableWindow: decider.stableWindow, scaleToZeroGracePeriod: config.scaleToZeroGracePeriod,
                  scaleToZeroPodRetentionPeriod: decider.scaleToZeroPodRetentionPeriod,
                  progressDeadline: progressDeadline, targetBurstCapacity: decider.targetBurstCapacity,
                  totalValue: decider.totalValue, activatorCapacity: decider.activatorCapacity)
    }

    /// From validated settings (`AutoscalingSettings.deciderSpec(reachable:)` plus the config map).
    public init(settings: AutoscalingSettings, reachable: Bool = true,
                progressDeadline: Int64 = ReconcilerSpec.defaultProgressDeadline) {
        self.init(decider: settings.deciderSpec(reachable: reachable), config: settings.config,
                  progressDeadline: progressDeadline)
    }

    /// `ScaleBounds`' minimum: min-scale, or 0 when the revision is unreachable.
    public var effectiveMinScale: Int32 { reachable ? minScale : 0 }

    /// `lastPodRetention` (scaler.go): the retention period, or 0 when unreachable.
    public var effectivePodRetention: Int64 { reachable ? scaleToZeroPodRetentionPeriod : 0 }

    /// The replicas Knative creates the revision's Deployment with: initial-scale
    /// (`MakeDeployment`, pkg/reconciler/revision/resources/deploy.go).
    public var initialReplicas: Int32 { initialScale }
}
