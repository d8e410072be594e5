import CallPlanWire
import Engine
import Serving
import Workload

/// One request of a run, as the simulation's workload draws it.
public struct PlannedRequest: Sendable, Equatable {
    /// Position in arrival order (ties: workload order), from 0.
    public var index: Int
    public var workload: Int
    public var service: String
    /// The revision the traffic split chose: an index into `LoadPlan.revisionNames`
    /// (the model's revisions, service by service). The ingress splits for real; this
    /// is the revision whose service-time distribution the request's work came from.
    public var revision: Int
    /// Offset from the start of the run.
    public var arrival: SimDuration
    public var serviceTime: SimDuration
    /// The downstream calls it makes, drawn ahead (`CallPlanner`); nil when its
    /// revision makes none. Sent in `X-Knsim-Calls`.
    public var calls: CallPlan? = nil
}

/// Every request a scenario sends, drawn as the Knative model draws them: the
/// arrivals from each workload's `arrivals/<service>` stream (a trace's recorded
/// service times read as the simulation reads them), the revision from the service's
/// `routing/<service>` stream (no draw for a single revision), the service time from
/// the revision's `service-time/<revision>` stream, and the calls it makes as
/// `CallPlanner` draws them.
///
/// One difference: the simulation draws a service time when service starts, so with
/// requests queued at several pods its draws can pair with requests in a slightly
/// different order; here they pair in arrival order. The distribution of the work is
/// the same. Traffic-split events are not followed (the split is the initial one).
public struct LoadPlan: Sendable {
    public var requests: [PlannedRequest]
    public var revisionNames: [String]
    public var revisionServices: [String]
    public var duration: SimDuration
    public var warmup: SimDuration

    public init(_ configuration: KnativeModelConfiguration) {
        let streams = RandomStreams(seed: configuration.seed, kind: configuration.generator)
        var names: [String] = [], services: [String] = []
        for service in configuration.services {
            for revision in service.revisions {
                names.append(revision.name)
                services.append(service.name)
            }
        }
        // The routing and service-time streams, shared by entry requests and calls.
        let planner = CallPlanner(configuration, streams: streams)
        let end = SimTime.zero + configuration.duration
        var drawn: [(time: SimTime, workload: Int, service: Int, recorded: SimDuration?)] = []
        for (w, workload) in configuration.workloads.enumerated() {
            let service = configuration.services.firstIndex { $0.name == workload.service } ?? 0
            let stream = streams.stream(named: "arrivals/\(workload.service)")
            var arrivals = workload.arrivals
            var next = arrivals.nextArrival(after: .zero, using: stream)
            while let time = next, time < end {
                // A trace's recorded service time belongs to the arrival just drawn.
                drawn.append((time, w, service, arrivals.recordedServiceTime))
                next = arrivals.nextArrival(after: time, using: stream)
            }
        }
        // Stable: equal times keep workload order, as the event queue would.
        drawn = drawn.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)
        var requests: [PlannedRequest] = []
        requests.reserveCapacity(drawn.count)
        for (index, arrival) in drawn.enumerated() {
            let revision = planner.chooseRevision(service: arrival.service)
            let service = arrival.recorded ?? planner.drawServiceTime(revision: revision)
            requests.append(PlannedRequest(index: index, workload: arrival.workload,
                                           service: configuration.services[arrival.service].name,
                                           revision: revision, arrival: arrival.time - .zero, serviceTime: service,
                                           calls: planner.plan(revision: revision)))
        }
        self.requests = requests
        revisionNames = names
        revisionServices = services
        duration = configuration.duration
        warmup = configuration.warmup
    }
}
