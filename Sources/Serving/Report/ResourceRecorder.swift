import Engine

/// Resources held over the statistics period, time-weighted: pods bound to nodes and
/// what they requested (the capacity a cluster must provide and a provider bills),
/// nodes, and the mesh's per-request CPU. Levels change at binds and releases, not per
/// request; memory is fixed.
struct ResourceRecorder {
    private var pods: TimeWeightedAverage
    private var milliCPU: TimeWeightedAverage
    private var memoryBytes: TimeWeightedAverage
    private var nodes: TimeWeightedAverage
    private var podLevel = 0
    private var milliCPULevel: Int64 = 0
    private var memoryLevel: Int64 = 0
    private var nodeLevel: Int
    private var sidecarRequests = 0

    init(statisticsStart: SimTime, nodes: Int) {
        pods = TimeWeightedAverage(start: statisticsStart, level: 0)
        milliCPU = TimeWeightedAverage(start: statisticsStart, level: 0)
        memoryBytes = TimeWeightedAverage(start: statisticsStart, level: 0)
        self.nodes = TimeWeightedAverage(start: statisticsStart, level: Double(nodes))
        nodeLevel = nodes
    }

    /// Restarts the levels at the end of the warm-up, from the levels then.
    mutating func beginStatistics(at now: SimTime) {
        pods = TimeWeightedAverage(start: now, level: Double(podLevel), at: now)
        milliCPU = TimeWeightedAverage(start: now, level: Double(milliCPULevel), at: now)
        memoryBytes = TimeWeightedAverage(start: now, level: Double(memoryLevel), at: now)
        nodes = TimeWeightedAverage(start: now, level: Double(nodeLevel), at: now)
        sidecarRequests = 0
    }

    mutating func podBound(_ requested: ResourceList, at now: SimTime) { change(by: 1, requested, at: now) }
    mutating func podUnbound(_ requested: ResourceList, at now: SimTime) { change(by: -1, requested, at: now) }

    private mutating func change(by sign: Int, _ requested: ResourceList, at now: SimTime) {
        podLevel += sign
        milliCPULevel += Int64(sign) * requested.milliCPU
        memoryLevel += Int64(sign) * requested.memoryBytes
        pods.record(level: Double(podLevel), at: now)
        milliCPU.record(level: Double(milliCPULevel), at: now)
        memoryBytes.record(level: Double(memoryLevel), at: now)
    }

    mutating func nodesChanged(to count: Int, at now: SimTime) {
        nodeLevel = count
        nodes.record(level: Double(count), at: now)
    }

    /// A request passed a pod's istio-proxy (counted after the warm-up).
    mutating func sidecarRequest(counted: Bool) {
        if counted { sidecarRequests += 1 }
    }

    func usage(until end: SimTime, sidecarCPUPerRequest: Double) -> ResourceUsage {
        var usage = ResourceUsage()
        usage.podSeconds = pods.integral(until: end)
        usage.vCPUSeconds = milliCPU.integral(until: end) / 1000
        usage.memoryGiBSeconds = memoryBytes.integral(until: end) / Double(1 << 30)
        usage.nodeSeconds = nodes.integral(until: end)
        usage.sidecarRequests = sidecarRequests
        usage.sidecarCPUSeconds = Double(sidecarRequests) * sidecarCPUPerRequest
        return usage
    }
}
