import Engine

/// Knative's ingress: the gateway every request from outside the cluster enters
/// through (with Istio, the istio-ingressgateway; without the mesh, still an
/// Envoy-based gateway such as Kourier). It is here, under `cluster`, rather than
/// under `mesh` because Knative needs an ingress whether or not pods carry sidecars.
public struct IngressConfig: Sendable, Equatable {
    /// Time a request spends passing through the gateway, in seconds. Default:
    /// one Envoy hop, `MeshConfig.defaultHopLatency`.
    public var hopLatency: Distribution

    public init(hopLatency: Distribution = MeshConfig.defaultHopLatency) {
        self.hopLatency = hopLatency
    }

    static let keys = ["hop-latency"]

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        hopLatency = try fields.optional("hop-latency").map { r throws(ScenarioError) in try DistributionDecoder.decode(r) }
            ?? MeshConfig.defaultHopLatency
        fields.finish()
    }
}
