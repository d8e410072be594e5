import Foundation
import Testing
@testable import Scenario

/// Events, arrival processes and workload entries, written wrongly: one located
/// line each. Trace files are looked for in a folder made for the test, which
/// holds `t.csv`, `d.csv` and a folder `data`.
struct WorkloadAndEventErrorTests {
    typealias Case = MalformedScenarioTests.Case

    /// A valid scenario: a one-hour run, a pool that may grow to 4 nodes, a service
    /// `web` with revisions `web-1` (90%) and `web-2` (10%). `arrivals` is written
    /// at line 14, `entry` lines from 15, `events` after them.
    static func scenario(arrivals: String = "{process: poisson, rate: 5}", entry: String = "", events: String = "") -> String {
        var text = """
            name: shop
            duration: 1h
            cluster:
              node-pools:
                - {name: general, count: 2, cpu: 4, memory: 16Gi, max-count: 4}
              cluster-autoscaler: {enabled: true}
            services:
              - name: web
                revisions:
                  - {name: web-1, traffic: 90, service-time: 50ms}
                  - {name: web-2, traffic: 10, service-time: 50ms}
            workload:
              - service: web
                arrivals: \(arrivals)

            """
        if !entry.isEmpty { text += entry + "\n" }
        if !events.isEmpty { text += events + "\n" }
        return text
    }

    static func makeFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "knsim-workload-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try "0.5\n1.5\n".write(toFile: folder + "/t.csv", atomically: true, encoding: .utf8)
        try "p50\n1\n".write(toFile: folder + "/d.csv", atomically: true, encoding: .utf8)
        return folder
    }

    static func cases(folder: String) -> [Case] {
        [
            Case(label: "event without at", yaml: Self.scenario(events: "events:\n  - kill-pod: {revision: web-1}"),
                 expected: #"bad.yaml:16:5: events[0].at: is required"#),
            Case(label: "event at the end of the run", yaml: Self.scenario(events: "events:\n  - at: 1h\n    kill-pod: {revision: web-1}"),
                 expected: #"bad.yaml:16:9: events[0].at: must be before the end of the run (1h), got "1h""#),
            Case(label: "event with no action", yaml: Self.scenario(events: "events:\n  - at: 10m"),
                 expected: #"bad.yaml:16:5: events[0]: needs one action: traffic, kill-pod, kill-node"#),
            Case(label: "event with two actions", yaml: Self.scenario(events: "events:\n  - at: 10m\n    kill-pod: {revision: web-1}\n    kill-node: {pool: general, index: 0}"),
                 expected: #"bad.yaml:18:5: events[0].kill-node: cannot be combined with kill-pod: an event does one thing (write two events at the same time)"#),
            Case(label: "event unknown key", yaml: Self.scenario(events: "events:\n  - at: 10m\n    kill-pods: {revision: web-1}"),
                 expected: #"bad.yaml:17:5: events[0].kill-pods: unknown key "kill-pods"; did you mean "kill-pod"?"#),
            Case(label: "events not a list", yaml: Self.scenario(events: "events: {at: 10m}"),
                 expected: #"bad.yaml:15:9: events: must be a list of events such as {at: 10m, kill-pod: {revision: web-1}}, got a mapping"#),
            Case(label: "traffic to an unknown service", yaml: Self.scenario(events: "events:\n  - at: 10m\n    traffic: {service: wbe, split: {web-1: 100}}"),
                 expected: #"bad.yaml:17:24: events[0].traffic.service: no service named "wbe"; did you mean "web"?"#),
            Case(label: "traffic split names another revision", yaml: Self.scenario(events: "events:\n  - at: 10m\n    traffic: {service: web, split: {web-3: 100}}"),
                 expected: #"bad.yaml:17:37: events[0].traffic.split.web-3: no revision of service "web" named "web-3"; did you mean "web-1"?"#),
            Case(label: "traffic split not adding up", yaml: Self.scenario(events: "events:\n  - at: 10m\n    traffic: {service: web, split: {web-1: 50, web-2: 40}}"),
                 expected: #"bad.yaml:17:36: events[0].traffic.split: must add up to 100 percent, got 90"#),
            Case(label: "traffic split above 100", yaml: Self.scenario(events: "events:\n  - at: 10m\n    traffic: {service: web, split: {web-1: 150}}"),
                 expected: #"bad.yaml:17:44: events[0].traffic.split.web-1: must be a number from 0 to 100, got "150""#),
            Case(label: "traffic split a list", yaml: Self.scenario(events: "events:\n  - at: 10m\n    traffic: {service: web, split: [web-1]}"),
                 expected: #"bad.yaml:17:36: events[0].traffic.split: must be a mapping of revision names to percents, such as {web-1: 100}, got a list"#),
            Case(label: "traffic without split", yaml: Self.scenario(events: "events:\n  - at: 10m\n    traffic: {service: web}"),
                 expected: #"bad.yaml:17:14: events[0].traffic.split: is required"#),
            Case(label: "kill-pod unknown revision", yaml: Self.scenario(events: "events:\n  - at: 10m\n    kill-pod: {revision: web-9}"),
                 expected: #"bad.yaml:17:26: events[0].kill-pod.revision: no revision named "web-9"; did you mean "web-1"?"#),
            Case(label: "kill-pod count zero", yaml: Self.scenario(events: "events:\n  - at: 10m\n    kill-pod: {revision: web-1, count: 0}"),
                 expected: #"bad.yaml:17:40: events[0].kill-pod.count: must be a whole number of pods, at least 1, got "0""#),
            Case(label: "kill-node unknown pool", yaml: Self.scenario(events: "events:\n  - at: 10m\n    kill-node: {pool: generl, index: 0}"),
                 expected: #"bad.yaml:17:23: events[0].kill-node.pool: no node pool named "generl"; did you mean "general"?"#),
            Case(label: "kill-node index beyond max-count", yaml: Self.scenario(events: "events:\n  - at: 10m\n    kill-node: {pool: general, index: 4}"),
                 expected: #"bad.yaml:17:39: events[0].kill-node.index: must be a node number from 0 to 3 (pool "general" has at most 4 nodes), got "4""#),
            Case(label: "kill-node without index", yaml: Self.scenario(events: "events:\n  - at: 10m\n    kill-node: {pool: general}"),
                 expected: #"bad.yaml:17:16: events[0].kill-node.index: is required"#),
            Case(label: "schedule without segments", yaml: Self.scenario(arrivals: "{process: schedule}"),
                 expected: #"bad.yaml:14:15: workload[0].arrivals.segments: is required"#),
            Case(label: "schedule with no segment", yaml: Self.scenario(arrivals: "{process: schedule, segments: []}"),
                 expected: #"bad.yaml:14:45: workload[0].arrivals.segments: must hold at least one segment"#),
            Case(label: "schedule segment without at", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{rate: 5}]}"),
                 expected: #"bad.yaml:14:46: workload[0].arrivals.segments[0].at: is required"#),
            Case(label: "schedule times not increasing", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{at: 10m, rate: 5}, {at: 5m, rate: 6}]}"),
                 expected: #"bad.yaml:14:71: workload[0].arrivals.segments[1].at: must be later than the previous segment's at (10m), got "5m""#),
            Case(label: "schedule segment inside a ramp", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{at: 0s, rate: 5}, {at: 1m, to: 50, over: 10m}, {at: 5m, rate: 6}]}"),
                 expected: #"bad.yaml:14:99: workload[0].arrivals.segments[2].at: must not fall inside the previous ramp, which ends at 11m, got "5m""#),
            Case(label: "schedule step and ramp mixed", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{at: 0s, rate: 5, to: 6}]}"),
                 expected: #"bad.yaml:14:64: workload[0].arrivals.segments[0].to: cannot be combined with rate (a segment is a step {at, rate} or a ramp {at, from, to, over})"#),
            Case(label: "schedule segment without rate", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{at: 0s}]}"),
                 expected: #"bad.yaml:14:46: workload[0].arrivals.segments[0].rate: is required (a segment is a step {at, rate} or a ramp {at, from, to, over})"#),
            Case(label: "schedule ramp without over", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{at: 0s, to: 6}]}"),
                 expected: #"bad.yaml:14:46: workload[0].arrivals.segments[0].over: is required"#),
            Case(label: "schedule negative rate", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{at: 0s, rate: -1}]}"),
                 expected: #"bad.yaml:14:61: workload[0].arrivals.segments[0].rate: must be a number of requests per second, 0 or more, got "-1""#),
            Case(label: "schedule all rates zero", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{at: 0s, rate: 0}, {at: 5m, from: 0, to: 0, over: 1m}]}"),
                 expected: #"bad.yaml:14:45: workload[0].arrivals.segments: every rate is 0, so no request would arrive"#),
            Case(label: "schedule segment after the run", yaml: Self.scenario(arrivals: "{process: schedule, segments: [{at: 0s, rate: 1}, {at: 2h, rate: 2}]}"),
                 expected: #"bad.yaml:14:70: workload[0].arrivals.segments[1].at: must be before the end of the run (1h), got "2h""#),
            Case(label: "diurnal amplitude above 1", yaml: Self.scenario(arrivals: "{process: diurnal, mean: 10, amplitude: 1.5}"),
                 expected: #"bad.yaml:14:55: workload[0].arrivals.amplitude: must be a number from 0 to 1, got "1.5""#),
            Case(label: "diurnal mean zero", yaml: Self.scenario(arrivals: "{process: diurnal, mean: 0, amplitude: 0.5}"),
                 expected: #"bad.yaml:14:40: workload[0].arrivals.mean: must be a number of requests per second, greater than 0, got "0""#),
            Case(label: "diurnal without amplitude", yaml: Self.scenario(arrivals: "{process: diurnal, mean: 10}"),
                 expected: #"bad.yaml:14:15: workload[0].arrivals.amplitude: is required"#),
            Case(label: "diurnal phase not below period", yaml: Self.scenario(arrivals: "{process: diurnal, mean: 10, amplitude: 0.5, period: 1h, phase: 1h}"),
                 expected: #"bad.yaml:14:79: workload[0].arrivals.phase: must be shorter than period (1h), got "1h""#),
            Case(label: "diurnal period zero", yaml: Self.scenario(arrivals: "{process: diurnal, mean: 10, amplitude: 0.5, period: 0s}"),
                 expected: #"bad.yaml:14:68: workload[0].arrivals.period: must be longer than 0, got "0s""#),
            Case(label: "mmpp one state", yaml: Self.scenario(arrivals: "{process: mmpp, states: [{rate: 5, mean-sojourn: 1m}]}"),
                 expected: #"bad.yaml:14:39: workload[0].arrivals.states: must hold at least two states (one state is a Poisson process), got 1"#),
            Case(label: "mmpp all rates zero", yaml: Self.scenario(arrivals: "{process: mmpp, states: [{rate: 0, mean-sojourn: 1m}, {rate: 0, mean-sojourn: 1m}]}"),
                 expected: #"bad.yaml:14:39: workload[0].arrivals.states: every state's rate is 0, so no request would arrive"#),
            Case(label: "mmpp state without sojourn", yaml: Self.scenario(arrivals: "{process: mmpp, states: [{rate: 5, mean-sojourn: 1m}, {rate: 0}]}"),
                 expected: #"bad.yaml:14:69: workload[0].arrivals.states[1].mean-sojourn: is required"#),
            Case(label: "mmpp sojourn zero", yaml: Self.scenario(arrivals: "{process: mmpp, states: [{rate: 5, mean-sojourn: 1m}, {rate: 0, mean-sojourn: 0s}]}"),
                 expected: #"bad.yaml:14:93: workload[0].arrivals.states[1].mean-sojourn: must be longer than 0, got "0s""#),
            Case(label: "mmpp state unknown key", yaml: Self.scenario(arrivals: "{process: mmpp, states: [{rate: 5, mean-sojourn: 1m}, {rate: 0, sojourn: 1m}]}"),
                 expected: #"bad.yaml:14:79: workload[0].arrivals.states[1].sojourn: unknown key "sojourn" (known keys: rate, mean-sojourn)"#),
            Case(label: "closed-loop zero clients", yaml: Self.scenario(arrivals: "{process: closed-loop, clients: 0, think-time: 1s}"),
                 expected: #"bad.yaml:14:47: workload[0].arrivals.clients: must be a whole number of clients, at least 1, got "0""#),
            Case(label: "closed-loop without think-time", yaml: Self.scenario(arrivals: "{process: closed-loop, clients: 3}"),
                 expected: #"bad.yaml:14:15: workload[0].arrivals.think-time: is required"#),
            Case(label: "closed-loop bad think-time", yaml: Self.scenario(arrivals: "{process: closed-loop, clients: 3, think-time: {distribution: exponential}}"),
                 expected: #"bad.yaml:14:62: workload[0].arrivals.think-time.mean: is required (exponential takes mean, or rate)"#),
            Case(label: "trace without format", yaml: Self.scenario(arrivals: "{process: trace, file: t.csv}"),
                 expected: #"bad.yaml:14:15: workload[0].arrivals.format: is required"#),
            Case(label: "trace unknown format", yaml: Self.scenario(arrivals: "{process: trace, format: azure2019, file: t.csv}"),
                 expected: #"bad.yaml:14:40: workload[0].arrivals.format: unknown trace format "azure2019"; did you mean "azure-2019"? (one of timestamps, azure-2019, azure-2021)"#),
            Case(label: "trace missing file", yaml: Self.scenario(arrivals: "{process: trace, format: timestamps, file: missing.csv}"),
                 expected: #"bad.yaml:14:58: workload[0].arrivals.file: no such file: "missing.csv" (resolved to "\#(folder)/missing.csv")"#),
            Case(label: "trace file is a folder", yaml: Self.scenario(arrivals: "{process: trace, format: timestamps, file: data}"),
                 expected: #"bad.yaml:14:58: workload[0].arrivals.file: is a folder, not a trace file: "data""#),
            Case(label: "trace function with timestamps", yaml: Self.scenario(arrivals: "{process: trace, format: timestamps, file: t.csv, function: abc}"),
                 expected: #"bad.yaml:14:75: workload[0].arrivals.function: only applies to the azure-2019 and azure-2021 formats"#),
            Case(label: "trace durations-file with azure-2021", yaml: Self.scenario(arrivals: "{process: trace, format: azure-2021, file: t.csv, durations-file: d.csv}"),
                 expected: #"bad.yaml:14:81: workload[0].arrivals.durations-file: only applies to the azure-2019 format (azure-2021 rows carry their own durations)"#),
            Case(label: "trace durations-file with timestamps", yaml: Self.scenario(arrivals: "{process: trace, format: timestamps, file: t.csv, durations-file: d.csv}"),
                 expected: #"bad.yaml:14:81: workload[0].arrivals.durations-file: only applies to the azure-2019 format"#),
            Case(label: "trace durations-file missing", yaml: Self.scenario(arrivals: "{process: trace, format: azure-2019, file: t.csv, durations-file: nope.csv}"),
                 expected: #"bad.yaml:14:81: workload[0].arrivals.durations-file: no such file: "nope.csv" (resolved to "\#(folder)/nope.csv")"#),
            Case(label: "trace column with azure-2019", yaml: Self.scenario(arrivals: "{process: trace, format: azure-2019, file: t.csv, column: 2}"),
                 expected: #"bad.yaml:14:73: workload[0].arrivals.column: only applies to the timestamps format"#),
            Case(label: "trace column zero", yaml: Self.scenario(arrivals: "{process: trace, format: timestamps, file: t.csv, column: 0}"),
                 expected: #"bad.yaml:14:73: workload[0].arrivals.column: must be a column name from the header, or a column number from 1, got "0""#),
            Case(label: "trace offset negative", yaml: Self.scenario(arrivals: "{process: trace, format: timestamps, file: t.csv, offset: -1h}"),
                 expected: #"bad.yaml:14:73: workload[0].arrivals.offset: must not be negative, got "-1h""#),
            Case(label: "entry starting after the run", yaml: Self.scenario(entry: "    start: 1h"),
                 expected: #"bad.yaml:15:12: workload[0].start: must be before the end of the run (1h), got "1h""#),
            Case(label: "entry ending before it starts", yaml: Self.scenario(entry: "    start: 10m\n    end: 5m"),
                 expected: #"bad.yaml:16:10: workload[0].end: must be later than start (10m), got "5m""#),
            Case(label: "entry service-time bad", yaml: Self.scenario(entry: "    service-time: {distribution: normal, mean: 1s}"),
                 expected: #"bad.yaml:15:19: workload[0].service-time.stddev: is required"#),
            Case(label: "entry service-time with a durations file", yaml: Self.scenario(arrivals: "{process: trace, format: azure-2019, file: t.csv, durations-file: d.csv}", entry: "    service-time: 1s"),
                 expected: #"bad.yaml:15:19: workload[0].service-time: cannot be combined with the trace's durations-file, which gives the service time"#),
        ]
    }

    @Test func reportsOneLineWithPathAndLine() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for c in Self.cases(folder: folder) {
            do {
                let scenario = try ScenarioLoader.parse(yaml: c.yaml, file: "bad.yaml", baseDirectory: folder)
                Issue.record("\(c.label): decoded without error: \(scenario.name)")
            } catch {
                #expect(error.description == c.expected, "\(c.label)")
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func baseScenarioIsValid() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.scenario(), file: "ok.yaml", baseDirectory: "/nowhere")
        #expect(scenario.workload.count == 1)
    }
}
