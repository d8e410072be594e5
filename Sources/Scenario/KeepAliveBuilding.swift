import Engine
import Serving

extension Scenario {
    /// The scenario as the scale-per-request model's input: every revision needs a
    /// `pool: {kind: keep-alive, cold-service-time: ...}` (its `service-time` is the warm
    /// service time) and every service exactly one workload entry with poisson or
    /// deterministic arrivals.
    public func keepAliveConfiguration(file: String) throws(ScenarioError) -> KeepAliveConfiguration {
        try rejectCalls(model: "keep-alive", file: file)
        var services: [KeepAliveConfiguration.Service] = []
        for (s, service) in self.services.enumerated() {
            var revisions: [KeepAliveConfiguration.Revision] = []
            for (r, revision) in service.revisions.enumerated() {
                guard case .keepAlive(let expiration, let cold) = revision.pool else {
                    throw ScenarioError(file: file, path: "services[\(s)].revisions[\(r)].pool",
                                        message: "is required by the keep-alive model, e.g. {kind: keep-alive, expiration: 10m, cold-service-time: 2s}")
                }
                revisions.append(.init(name: revision.name, trafficPercent: revision.trafficPercent,
                                       expiration: expiration, warmServiceTime: revision.serviceTime,
                                       coldServiceTime: cold))
            }
            let interarrival = try simpleInterarrival(service: service.name, model: "keep-alive", file: file)
            services.append(.init(name: service.name, revisions: revisions, interarrival: interarrival))
        }
        return KeepAliveConfiguration(duration: duration, warmup: warmup, seed: seed, generator: generator,
                                      services: services)
    }
}
