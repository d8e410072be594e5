import CallPlanWire
import Engine
import Serving

/// Draws each entry request's call tree for a real run from the streams the
/// simulation draws it from, so the real run does the same work:
///
/// - whether a call with a probability is made: `calls/probability`;
/// - the callee's revision: `routing/<service>` (the ingress draws its own choice
///   from the same stream; this one predicts it);
/// - the callee's service time: `service-time/<revision>` for the predicted revision,
///   and, in case the ingress chooses another, one for each other revision of the
///   service from `real/alternative-service-time/<revision>` (a stream the simulation
///   does not have, so the simulated streams stay in step).
///
/// The tree is drawn depth first, entry after entry, in arrival order; within a step
/// every call's probability and routing draws come first (as the simulation sends
/// them), then each made call's service time and its own calls. The simulation draws
/// as events happen: where requests overlap in time — entries whose trees overlap,
/// parallel calls whose callees run at once, a service that is both an entry and a
/// callee — its order interleaves theirs and the pairing of draws differs (the same
/// distributions). The caller's outbound hop (`hop/outbound`) is not drawn: in real
/// mode the call's way out is the real ingress hop.
final class CallPlanner {
    private struct Service {
        var name: String
        var firstRevision: Int
        var split: TrafficSplit
        var routing: RandomStream
    }

    private var services: [Service] = []
    private let serviceIndex: [String: Int]
    /// By global revision index.
    private let serviceOfRevision: [Int]
    private let serviceTimeDistributions: [Distribution]
    let serviceTimes: [RandomStream]
    private let alternatives: [RandomStream]
    /// By global revision index: the steps its requests make, resolved as the
    /// simulation's `CallGraph` resolves them (in order of `at`, counts expanded).
    private let steps: [[CallStep]]
    private let chance: RandomStream

    init(_ configuration: KnativeModelConfiguration, streams: RandomStreams) {
        var index: [String: Int] = [:]
        var serviceOf: [Int] = [], distributions: [Distribution] = []
        var times: [RandomStream] = [], alternatives: [RandomStream] = []
        var steps: [[CallStep]] = []
        for (s, service) in configuration.services.enumerated() {
            index[service.name] = s
            let first = serviceOf.count
            for revision in service.revisions {
                serviceOf.append(s)
                distributions.append(revision.serviceTime)
                times.append(streams.stream(named: "service-time/\(revision.name)"))
                alternatives.append(streams.stream(named: "real/alternative-service-time/\(revision.name)"))
                steps.append(Self.resolve(revision.calls))
            }
            services.append(Service(name: service.name, firstRevision: first,
                                    split: TrafficSplit(revisions: (first..<serviceOf.count).map { Int32($0) },
                                                        percents: service.revisions.map(\.trafficPercent)),
                                    routing: streams.stream(named: "routing/\(service.name)")))
        }
        serviceIndex = index
        serviceOfRevision = serviceOf
        serviceTimeDistributions = distributions
        serviceTimes = times
        self.alternatives = alternatives
        self.steps = steps
        chance = streams.stream(named: "calls/probability")
    }

    /// Whether any revision makes calls.
    var hasCalls: Bool { steps.contains { !$0.isEmpty } }

    /// The service's traffic split draw for an entry request (the same stream calls use).
    func chooseRevision(service: Int) -> Int {
        services[service].split.choose(using: services[service].routing)
    }

    func drawServiceTime(revision: Int) -> SimDuration {
        serviceTimeDistributions[revision].sampleDuration(using: serviceTimes[revision])
    }

    /// The calls a request of `revision` makes; nil when its revision makes none.
    func plan(revision: Int) -> CallPlan? {
        guard !steps[revision].isEmpty else { return nil }
        return CallPlan(steps: drawSteps(revision: revision))
    }

    private func drawSteps(revision: Int) -> [PlannedStep] {
        var planned: [PlannedStep] = []
        for step in steps[revision] {
            // Probability and routing draws for the whole step first, as the simulation
            // sends a step's calls at one instant.
            var made: [(call: CallSpec, service: Int, revision: Int)] = []
            for call in step.calls {
                if call.probability < 1 && chance.uniform() >= call.probability { continue }
                guard let service = serviceIndex[call.service] else { continue }
                made.append((call, service, chooseRevision(service: service)))
            }
            guard !made.isEmpty else { continue }
            var calls: [PlannedCall] = []
            for (call, service, expected) in made {
                let first = services[service].firstRevision
                let count = serviceOfRevision.lastIndex(of: service)! - first + 1
                var times: [Double] = []
                for r in first..<(first + count) {
                    let stream = r == expected ? serviceTimes[r] : alternatives[r]
                    times.append(serviceTimeDistributions[r].sampleDuration(using: stream).seconds)
                }
                let plan = CallPlan(steps: drawSteps(revision: expected), firstRevision: first, times: times)
                calls.append(PlannedCall(service: call.service, timeout: call.timeout?.seconds,
                                         expectedRevision: expected, plan: plan))
            }
            planned.append(PlannedStep(at: step.at, calls: calls))
        }
        return planned
    }

    /// A revision's calls as the simulation's `CallGraph` orders them: by `at` (ties in
    /// written order); a sequential call with a count becomes that many steps, a
    /// parallel group one step with each call repeated `count` times.
    static func resolve(_ written: [CallStep]) -> [CallStep] {
        let ordered = written.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var resolved: [CallStep] = []
        for step in ordered {
            func single(_ call: CallSpec) -> CallSpec {
                var one = call
                one.count = 1
                return one
            }
            if step.parallel {
                resolved.append(CallStep(at: step.at, calls: step.calls.flatMap { c in Array(repeating: single(c), count: c.count) },
                                         parallel: true))
            } else {
                for call in step.calls {
                    for _ in 0..<call.count { resolved.append(CallStep(at: step.at, calls: [single(call)])) }
                }
            }
        }
        return resolved
    }
}
