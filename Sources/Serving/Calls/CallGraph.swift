import Engine

/// The calls between services, resolved to indices, and the state of every request
/// that takes part in them. Empty (`enabled` false) for a configuration without
/// calls: then nothing here is touched on the request path.
struct CallGraph {
    struct Call {
        var service: Int32
        var probability: Double
        /// Nanoseconds, or −1 for none.
        var timeout: Int64
    }

    /// The calls made at one point of the service time, all at once (a sequential
    /// call with a count becomes that many steps at the same point).
    struct Step {
        var at: Double
        var calls: [Call]
    }

    let enabled: Bool
    /// Steps by revision index, in order of `at`.
    let steps: [[Step]]
    /// Edge by caller service × callee revision (`service * revisionCount + revision`),
    /// −1 where the service never calls that revision's service.
    let edgeIndex: [Int32]
    let revisionCount: Int
    /// Service index by revision index.
    let serviceOfRevision: [Int32]
    /// By request slot; grown as slots are.
    var states: [CallState] = []
    var edges: EdgeRecorder
    /// The caller's outbound hop (its istio-proxy, or the local gateway without a mesh).
    let outbound: RandomStream
    /// Draws for calls made with a probability.
    let chance: RandomStream

    init(services: [ServiceSpec], streams: RandomStreams) {
        let names = services.map(\.name)
        var revisionService: [Int32] = []
        var revisionSpecs: [RevisionSpec] = []
        var firstRevision: [Int] = []
        for (s, service) in services.enumerated() {
            firstRevision.append(revisionSpecs.count)
            for revision in service.revisions {
                revisionService.append(Int32(s))
                revisionSpecs.append(revision)
            }
        }
        revisionCount = revisionSpecs.count
        serviceOfRevision = revisionService
        func index(of name: String) -> Int32 {
            guard let s = names.firstIndex(of: name) else { preconditionFailure("a call names service \(name), which is not in the configuration") }
            return Int32(s)
        }
        var steps: [[Step]] = []
        for spec in revisionSpecs {
            precondition(spec.calls.isEmpty || spec.cpuModel == .unconstrained,
                         "revision \(spec.name): calls with processor sharing are not modelled")
            var resolved: [Step] = []
            // A stable sort: steps at the same point keep their written order.
            let ordered = spec.calls.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
            for step in ordered {
                precondition(step.at >= 0 && step.at <= 1, "a call's point must be within the service time (0...1)")
                func call(_ c: CallSpec) -> Call {
                    Call(service: index(of: c.service), probability: c.probability, timeout: c.timeout?.nanoseconds ?? -1)
                }
                if step.parallel {
                    resolved.append(Step(at: step.at, calls: step.calls.flatMap { c in Array(repeating: call(c), count: c.count) }))
                } else {
                    for c in step.calls {
                        for _ in 0..<c.count { resolved.append(Step(at: step.at, calls: [call(c)])) }
                    }
                }
            }
            steps.append(resolved)
        }
        self.steps = steps
        enabled = steps.contains { !$0.isEmpty }
        // Edges: caller services in order, the services each calls in order of first
        // mention, each callee's revisions in order.
        var edgeIndex = Array(repeating: Int32(-1), count: services.count * revisionCount)
        var edgeNames: [(caller: String, calleeService: String, calleeRevision: String)] = []
        for (s, service) in services.enumerated() {
            var callees: [Int32] = []
            for r in service.revisions.indices {
                for step in steps[firstRevision[s] + r] {
                    for c in step.calls where !callees.contains(c.service) { callees.append(c.service) }
                }
            }
            for t in callees {
                for (k, revision) in services[Int(t)].revisions.enumerated() {
                    edgeIndex[s * revisionCount + firstRevision[Int(t)] + k] = Int32(edgeNames.count)
                    edgeNames.append((service.name, services[Int(t)].name, revision.name))
                }
            }
        }
        self.edgeIndex = edgeIndex
        edges = EdgeRecorder(edges: edgeNames, serviceNames: names)
        outbound = streams.stream(named: "hop/outbound")
        chance = streams.stream(named: "calls/probability")
    }

    mutating func ensure(_ slot: Int32) {
        if Int(slot) >= states.count {
            states.append(contentsOf: repeatElement(CallState(), count: Int(slot) + 1 - states.count))
        }
    }
}

/// A request's part in the call graph, by request slot (reset when the slot is reused).
struct CallState {
    /// The caller's request slot, −1 for an entry request.
    var parent: Int32 = -1
    var parentGeneration: UInt32 = 0
    var edge: Int32 = -1
    var sentAt: Int64 = 0
    /// The caller has its answer (or gave up): later outcomes are the callee's alone.
    var answered = false
    var timer: TimerHandle?
    /// The entry request at the root of the call tree (itself for an entry).
    var root: Int32 = -1
    var rootGeneration: UInt32 = 0
    /// On an entry: bit sets of the services its tree met cold / triggered from zero.
    var coldServices: UInt64 = 0
    var triggeredServices: UInt64 = 0
    /// As a caller: the next step, the calls it awaits, its drawn work and the part
    /// of it done (ns).
    var step: Int32 = 0
    var pending: Int32 = 0
    var work: Int64 = 0
    var workDone: Int64 = 0
    /// When the current step's calls were sent, and the time spent waiting on calls.
    var stepStartedAt: Int64 = 0
    var callTime: Int64 = 0
}
