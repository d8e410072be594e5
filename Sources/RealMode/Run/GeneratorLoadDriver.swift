import AsyncHTTPClient
import Engine
import Serving

/// The scenario's requests through the load generator (`LoadPlan` draws them from the
/// simulation's streams), turned into the outcomes the report builder takes.
struct GeneratorLoadDriver: LoadDriver {
    let plan: LoadPlan
    let work: String
    let client: HTTPClient

    func run(ingressPort: Int, clock: ProxyClock) async -> [RealRequestOutcome] {
        let settings = LoadGeneratorSettings(target: "http://127.0.0.1:\(ingressPort)/", work: work)
        let result = await LoadGenerator(plan: plan, settings: settings, client: client).run(start: clock.origin)
        return result.records.map(RealRequestOutcome.init)
    }
}

extension RealRequestOutcome {
    /// How the load generator saw the request, as the report builder takes it.
    init(_ record: RequestRecord) {
        var failure: FailureReason?
        if case .failed(let why) = record.outcome { failure = why.reason }
        // Latency runs from the planned arrival, as in the simulation (open loop); the
        // request is filed under the revision the ingress chose (its split is the real one).
        self.init(revision: record.servedBy ?? record.request.revision, arrivedAt: record.request.arrival.nanoseconds,
                  finishedAt: record.endedAt.nanoseconds, failure: failure, cold: record.cold,
                  serviceTime: record.request.serviceTime.nanoseconds, calls: record.calls)
    }
}
