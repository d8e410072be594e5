/// One node at the end of one simulated second: the pods bound to it.
public struct NodePodsRow: Sendable, Equatable {
    /// End of the second (as `TimeSeriesRow.time`).
    public var time: Double
    /// The node's name: its pool's name and its ordinal in the pool (`general-0`; nodes
    /// a cluster autoscaler adds continue the count, as kill-node events name them).
    public var node: String
    /// Pods bound to the node, whatever their state (starting, ready, terminating).
    public var pods: Int
    /// Those of them that are ready.
    public var ready: Int

    public init(time: Double, node: String, pods: Int, ready: Int) {
        self.time = time
        self.node = node
        self.pods = pods
        self.ready = ready
    }
}

/// Collects `NodePodsRow`s each second: one row per live node, nodes in pool order and
/// by ordinal within a pool. Rows grow with seconds × nodes, not with requests; names
/// are made once per node.
struct NodeSeriesBuilder {
    private(set) var rows: [NodePodsRow] = []
    private let poolNames: [String]
    /// Each pool's node names by ordinal, made when a node first appears.
    private var names: [[String]]
    private var podsOnSlot: [Int] = []
    private var readyOnSlot: [Int] = []
    /// The time of the last rows closed (the final, partial second closes only past it).
    private(set) var lastClosed = 0.0

    init(poolNames: [String]) {
        self.poolNames = poolNames
        names = Array(repeating: [], count: poolNames.count)
    }

    /// Starts a second's counts; add each bound pod with `count`, then `close`.
    mutating func begin(slotCount: Int) {
        if podsOnSlot.count < slotCount {
            podsOnSlot = Array(repeating: 0, count: slotCount)
            readyOnSlot = Array(repeating: 0, count: slotCount)
        } else {
            for i in podsOnSlot.indices { podsOnSlot[i] = 0; readyOnSlot[i] = 0 }
        }
    }

    mutating func count(node: NodeID, ready: Bool) {
        let slot = Int(node.slot)
        if slot >= podsOnSlot.count {
            podsOnSlot += Array(repeating: 0, count: slot + 1 - podsOnSlot.count)
            readyOnSlot += Array(repeating: 0, count: slot + 1 - readyOnSlot.count)
        }
        podsOnSlot[slot] += 1
        if ready { readyOnSlot[slot] += 1 }
    }

    /// One row per live node, from `nodesByPool` (each pool's nodes by ordinal, nil
    /// once gone).
    mutating func close(at time: Double, nodesByPool: [[NodeID?]]) {
        lastClosed = time
        for (pool, nodes) in nodesByPool.enumerated() {
            for (ordinal, node) in nodes.enumerated() {
                while names[pool].count <= ordinal { names[pool].append("\(poolNames[pool])-\(names[pool].count)") }
                guard let node else { continue }
                let slot = Int(node.slot)
                let pods = slot < podsOnSlot.count ? podsOnSlot[slot] : 0
                let ready = slot < readyOnSlot.count ? readyOnSlot[slot] : 0
                rows.append(NodePodsRow(time: time, node: names[pool][ordinal], pods: pods, ready: ready))
            }
        }
    }
}
