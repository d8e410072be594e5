/// The PodAutoscaler's `Active` condition (pkg/apis/autoscaling/v1alpha1/pa_lifecycle.go):
/// Unknown while pods are being provisioned, True once enough pods are ready, False when
/// the revision gets no traffic and may be (or has been) scaled to zero.
public enum PodAutoscalerActivity: String, Sendable, Equatable, CaseIterable {
    /// `Active=Unknown` (`IsActivating`): waiting for pods. A new PodAutoscaler starts
    /// here (`InitializeConditions` marks every condition Unknown).
    case activating
    /// `Active=True` (`IsActive`).
    case active
    /// `Active=False` (`IsInactive`): the activator is, or is being put, in the path.
    case inactive
}

/// The ServerlessService operation mode (knative/networking
/// pkg/apis/networking/v1alpha1/serverlessservice_types.go): who receives the revision's
/// traffic.
public enum ServerlessServiceMode: String, Sendable, Equatable, CaseIterable {
    /// The pods receive traffic directly; the activator is out of the request path.
    case serve
    /// The activator receives the traffic and forwards it to the pods (or buffers it
    /// while there are none).
    case proxy
}
