/// The fixed keep-alive policy of scale-per-request platforms (AWS Lambda style; SimFaaS's
/// model, shared/reference/platform-figures.md): one request per instance, and an instance
/// is destroyed a fixed `idleTimeout` after its last request ended. Instances are never
/// unloaded early nor pre-warmed. `KeepAliveInstancePool` applies it request by request.
public struct KeepAlivePolicy: IdleInstancePolicy, Equatable {
    /// How long an idle instance is kept after its last request ended (nanoseconds).
    public var idleTimeout: Int64

    public init(idleTimeout: Int64) {
        precondition(idleTimeout >= 0, "idleTimeout is a duration")
        self.idleTimeout = idleTimeout
    }

    /// AWS Lambda's fixed keep-alive, 10 minutes ("Serverless in the Wild"; SimFaaS uses
    /// the same 600 s expiration).
    public static let awsLambda = KeepAlivePolicy(idleTimeout: KPATiming.seconds(600))
    /// Azure Functions' fixed keep-alive, 20 minutes ("Serverless in the Wild").
    public static let azureFunctions = KeepAlivePolicy(idleTimeout: KPATiming.seconds(1200))

    /// No pre-warming; keep alive for `idleTimeout`.
    public func idleWindows() -> IdleWindows { IdleWindows(prewarm: 0, keepAlive: idleTimeout) }
}
