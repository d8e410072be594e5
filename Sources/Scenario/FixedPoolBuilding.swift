import Engine
import Serving

extension Scenario {
    /// The scenario as the fixed-pool model's input: every revision needs a
    /// `pool: {kind: fixed, pods: N}` and every service exactly one workload entry.
    public func fixedPoolConfiguration(file: String) throws(ScenarioError) -> FixedPoolConfiguration {
        try rejectCalls(model: "fixed-pool", file: file)
        var services: [FixedPoolConfiguration.Service] = []
        for (s, service) in self.services.enumerated() {
            var revisions: [FixedPoolConfiguration.Revision] = []
            for (r, revision) in service.revisions.enumerated() {
                guard case .fixed(let pods) = revision.pool else {
                    throw ScenarioError(file: file, path: "services[\(s)].revisions[\(r)].pool",
                                        message: "is required by the fixed-pool model, e.g. {kind: fixed, pods: 3}")
                }
                revisions.append(.init(name: revision.name, trafficPercent: revision.trafficPercent, pods: pods,
                                       containerConcurrency: revision.containerConcurrency,
                                       serviceTime: revision.serviceTime))
            }
            let interarrival = try simpleInterarrival(service: service.name, model: "fixed-pool", file: file)
            services.append(.init(name: service.name, revisions: revisions, interarrival: interarrival))
        }
        return FixedPoolConfiguration(duration: duration, warmup: warmup, seed: seed, generator: generator,
                                      services: services)
    }
}
