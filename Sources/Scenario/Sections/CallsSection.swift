import Engine
import Serving

/// `calls:` under a service decodes straight into the model's `CallStep` and
/// `CallSpec` (Sources/Serving/Calls): the file says what the model runs.
extension CallSpec {
    static let keys = ["service", "at", "probability", "count", "timeout"]
}

/// One entry of `calls:`: a call, or a `parallel:` group of calls made at once.
extension CallStep {
    static let groupKeys = ["parallel", "at"]

    static func decodeList(_ reader: NodeReader) throws(ScenarioError) -> [CallStep] {
        var steps: [CallStep] = []
        for item in try reader.sequence("must be a list of calls") {
            guard case .mapping = item.node else {
                throw item.error("must be a call ({service: NAME, ...}) or a parallel group ({parallel: [...]}), got \(item.described)")
            }
            if item.peek("parallel") != nil {
                var fields = try item.mapping(keys: groupKeys)
                let at = try fields.optional("at").map { r throws(ScenarioError) in try Self.point(r) } ?? 0
                let list = try fields.required("parallel")
                let members = try list.sequence("must be a list of calls")
                guard !members.isEmpty else { throw list.error("must hold at least one call") }
                var calls: [CallSpec] = []
                for member in members {
                    if let misplaced = member.peek("at") {
                        throw misplaced.error("calls of a parallel group are made together: set at on the group")
                    }
                    calls.append(try Self.call(member))
                }
                fields.finish()
                steps.append(CallStep(at: at, calls: calls, parallel: true))
            } else {
                let at = try item.peek("at").map { r throws(ScenarioError) in try Self.point(r) } ?? 0
                steps.append(CallStep(at: at, calls: [try Self.call(item)]))
            }
        }
        return steps
    }

    private static func call(_ reader: NodeReader) throws(ScenarioError) -> CallSpec {
        var fields = try reader.mapping(keys: CallSpec.keys)
        fields.considered(["at"])
        let service = try fields.required("service").dnsLabel()
        let probability = try fields.optional("probability")?.number("must be a number from 0 to 1") { (0...1).contains($0) } ?? 1
        let count = try fields.optional("count")?.integer("must be a whole number from 1 to 100") { (1...100).contains($0) } ?? 1
        let timeout = try fields.optional("timeout")?.duration("must be longer than 0") { $0 > .zero }
        fields.finish()
        return CallSpec(service: service, probability: probability, count: count, timeout: timeout)
    }

    /// `50%` or a fraction from 0 to 1.
    static func point(_ reader: NodeReader) throws(ScenarioError) -> Double {
        let expectation = "must be a share of the service time: a percentage (50%) or a fraction from 0 to 1"
        let text = try reader.scalarText(expectation).trimmingSpaces
        if text.hasSuffix("%"), let percent = NumberSyntax.double(String(text.dropLast()).trimmingSpaces),
           (0...100).contains(percent) {
            return percent / 100
        }
        guard !text.hasSuffix("%"), let value = NumberSyntax.double(text), (0...1).contains(value) else {
            throw reader.error("\(expectation), got \(reader.described)")
        }
        return value
    }
}

extension ServiceConfig {
    /// Every call names a service of the scenario, and no service reaches itself
    /// through calls (a cycle would call for ever). Reported at the call's line.
    static func checkCalls(_ services: [ServiceConfig], items: [NodeReader]) throws(ScenarioError) {
        let names = services.map(\.name)
        func reader(service s: Int, step: Int, call: Int) -> NodeReader {
            let stepReader = items[s].peek("calls")?.sequenceItem(step)
            let callReader = services[s].calls[step].parallel ? stepReader?.peek("parallel")?.sequenceItem(call) : stepReader
            return callReader?.peek("service") ?? callReader ?? items[s]
        }
        var edges: [[Int]] = []
        for (s, service) in services.enumerated() {
            var callees: [Int] = []
            for (k, step) in service.calls.enumerated() {
                for (c, call) in step.calls.enumerated() {
                    guard let t = names.firstIndex(of: call.service) else {
                        var message = "no service named \(quoted(call.service)) in the scenario"
                        if let guess = KeySuggestion.closest(to: call.service, among: names) { message += "; did you mean \(quoted(guess))?" }
                        throw reader(service: s, step: k, call: c).error(message + " (services: \(names.joined(separator: ", ")))")
                    }
                    if !callees.contains(t) { callees.append(t) }
                }
            }
            edges.append(callees)
        }
        guard let cycle = ServiceCallGraph.cycle(names: names, calls: edges) else { return }
        // Point at the call that closes the cycle: the first one's call of the second.
        let s = names.firstIndex(of: cycle[0])!
        var at = items[s]
        search: for (k, step) in services[s].calls.enumerated() {
            for (c, call) in step.calls.enumerated() where call.service == cycle[1] {
                at = reader(service: s, step: k, call: c)
                break search
            }
        }
        throw at.error("calls form a cycle: \(cycle.joined(separator: " → ")); a request would call for ever")
    }
}

extension Scenario {
    /// Calls between services are the Knative model's; other models name the first.
    func rejectCalls(model: String, file: String) throws(ScenarioError) {
        guard let s = services.firstIndex(where: { !$0.calls.isEmpty }) else { return }
        throw ScenarioError(file: file, path: "services[\(s)].calls",
                            message: "calls between services are modelled by the Knative model only, not the \(model) model")
    }
}
