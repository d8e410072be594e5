import Engine

/// Scenario events: canary steps of the traffic split, pod and node failures.
extension KnativeSimulation {
    mutating func apply(_ action: ModelEventAction) {
        switch action {
        case .setTraffic(let service, let split):
            guard let s = services.firstIndex(where: { $0.name == service }) else {
                faults.eventsWithoutTarget += 1
                return
            }
            setTraffic(service: s, split: split)
        case .killPods(let revision, let count):
            guard let r = revisions.firstIndex(where: { $0.spec.name == revision }) else {
                faults.eventsWithoutTarget += 1
                return
            }
            killPods(revision: r, count: count)
        case .killNode(let pool, let index):
            guard let p = configuration.cluster.pools.firstIndex(where: { $0.name == pool }) else {
                faults.eventsWithoutTarget += 1
                return
            }
            killNode(pool: p, index: index)
        }
    }

    /// The new split applies to requests routed from now on; requests already routed
    /// keep their revision. (Knative also marks a revision that loses all its traffic
    /// unreachable, which drops its min-scale; that is not modelled.)
    mutating func setTraffic(service s: Int, split: [RevisionTraffic]) {
        let percents = services[s].split.revisions.map { revision in
            let name = revisions[Int(revision)].spec.name
            return split.first { $0.revision == name }?.percent ?? 0
        }
        services[s].split.setPercents(percents)
    }
}
