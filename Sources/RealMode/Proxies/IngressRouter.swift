import Engine
import Serving

/// A service as the ingress sees it: its revisions (indices across the run, as the
/// activator and the `X-Knsim-Revision` header know them) and their traffic shares.
public struct IngressService: Sendable, Equatable {
    public var name: String
    public var revisions: [Int]
    /// Percentages, in the order of `revisions`.
    public var percents: [Double]

    public init(name: String, revisions: [Int], percents: [Double]) {
        precondition(!revisions.isEmpty && revisions.count == percents.count,
                     "a service needs one percentage per revision")
        self.name = name
        self.revisions = revisions
        self.percents = percents
    }
}

/// Where the ingress sends one request.
enum IngressTarget: Equatable {
    case activator
    case pod(Endpoint)
}

/// The ingress's routing state: each service's `TrafficSplit` (drawing from the
/// stream the simulation uses, `routing/<service>`, so the revision sequence is the
/// simulated one), each revision's activator path mode and ready pods, and the
/// requests in flight per pod for the mesh's least-request choice.
actor IngressRouter {
    private var splits: [TrafficSplit]
    private let splitStreams: [RandomStream]
    private let serviceIndex: [String: Int]
    private let podStream: RandomStream
    private let leastRequest: Bool
    private var modes: [Int: ActivatorPathMode] = [:]
    private var endpoints: [Int: [Endpoint]] = [:]
    private var load: [Endpoint: Int] = [:]

    init(services: [IngressService], streams: RandomStreams, leastRequest: Bool) {
        splits = services.map { TrafficSplit(revisions: $0.revisions.map(Int32.init), percents: $0.percents) }
        splitStreams = services.map { streams.stream(named: "routing/\($0.name)") }
        var index: [String: Int] = [:]
        for (position, service) in services.enumerated() { index[service.name] = position }
        serviceIndex = index
        podStream = streams.stream(named: "ingress/pod-routing")
        self.leastRequest = leastRequest
    }

    func setPercents(service: String, _ percents: [Double]) {
        guard let position = serviceIndex[service] else { return }
        splits[position].setPercents(percents)
    }

    func setMode(revision: Int, _ mode: ActivatorPathMode) { modes[revision] = mode }

    func setEndpoints(revision: Int, _ ready: [Endpoint]) { endpoints[revision] = ready.sorted() }

    /// Chooses the revision, then the path: the activator in Proxy mode (the default
    /// until the autoscaler says otherwise) or with no ready pod, else a pod directly.
    /// A service named nil means the only one. Returns nil for an unknown service.
    func route(service name: String?) -> (revision: Int, target: IngressTarget)? {
        let position: Int
        if let name {
            guard let found = serviceIndex[name] else { return nil }
            position = found
        } else {
            guard splits.count == 1 else { return nil }
            position = 0
        }
        let revision = splits[position].choose(using: splitStreams[position])
        let ready = endpoints[revision] ?? []
        if modes[revision, default: .proxy] == .proxy || ready.isEmpty { return (revision, .activator) }
        let pod = choosePod(ready)
        load[pod, default: 0] += 1
        return (revision, .pod(pod))
    }

    /// A request sent straight to `pod` is done.
    func done(_ pod: Endpoint) {
        guard let count = load[pod] else { return }
        if count <= 1 { load[pod] = nil } else { load[pod] = count - 1 }
    }

    /// Serve mode's pod choice, as the simulation's `choosePodDirectly`: Envoy's
    /// least-request (two random choices, fewer in flight wins) in a mesh, else
    /// kube-proxy's uniform random choice.
    private func choosePod(_ ready: [Endpoint]) -> Endpoint {
        if ready.count == 1 { return ready[0] }
        let first = ready[podStream.integer(below: ready.count)]
        guard leastRequest else { return first }
        var second = ready[podStream.integer(below: ready.count - 1)]
        if second == first { second = ready[ready.count - 1] }
        return load[second, default: 0] < load[first, default: 0] ? second : first
    }
}
