import Engine
import Foundation

/// This machine's figures for the parts of a cold start and of the request path that
/// real mode does for real, fitted as distributions the scenario format reads.
public struct Calibration: Sendable {
    /// Spawn → first 200 from knsim-fn (init delay 0), probed every `fastProbePeriod`
    /// so the probe adds almost nothing: the process start (seconds).
    public var processStart: [Double]
    /// Spawn → ready with real mode's probe (`probePeriod`), seconds.
    public var spawnToReady: [Double]
    /// What probing adds: `spawnToReady` − the median process start, seconds.
    public var readinessProbe: [Double]
    /// One pass-through HTTP hop (Hummingbird + AsyncHTTPClient on loopback): a
    /// request's round trip through the hop minus the median direct round trip, seconds.
    public var hop: [Double]
    public var probePeriod: Duration
    public var fastProbePeriod: Duration

    public var userContainerStartFit: Distribution { Self.fit(processStart) }
    public var readinessProbeFit: Distribution { Self.fit(readinessProbe) }
    public var hopLatencyFit: Distribution { Self.fit(hop) }

    /// A lognormal by the moments of log X (mu, sigma); a constant when the samples
    /// do not spread (or there is one). Non-positive samples are raised to 1µs.
    public static func fit(_ samples: [Double]) -> Distribution {
        let logs = samples.map { log(max($0, 1e-6)) }
        guard let first = logs.first else { return .constant(0) }
        guard logs.count >= 2 else { return .constant(exp(first)) }
        let mean = logs.reduce(0, +) / Double(logs.count)
        let variance = logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count - 1)
        guard variance > 0 else { return .constant(exp(mean)) }
        return .lognormal(mu: mean, sigma: variance.squareRoot())
    }

    /// The scenario fragment: top-level sections to paste into a scenario (the hop
    /// latency of the ingress, queue-proxy, activator and istio-proxy, each a real hop
    /// of the same kind in real mode), then a `startup` block for every revision.
    /// The startup block is the file's last top-level key and is not a scenario key:
    /// its lines go under each revision (`services[].revisions[].startup`).
    public func fragment(comment: [String] = []) -> String {
        let hop = Self.yaml(hopLatencyFit)
        var lines = comment.map { "# " + $0 }
        lines += [
            "# Paste the sections below into a scenario. `startup` goes under every revision",
            "# (services[].revisions[].startup); the other startup phases keep the scenario's own.",
            "cluster:",
            "  ingress:",
            "    hop-latency: \(hop)",
            "  queue-proxy:",
            "    hop-latency: \(hop)",
            "activator:",
            "  hop-latency: \(hop)",
            "mesh:",
            "  hop-latency: \(hop)",
            "startup:",
            "  user-container-start: \(Self.yaml(userContainerStartFit))",
            "  readiness-probe: \(Self.yaml(readinessProbeFit))",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Figures for people: median and p95 of each measurement, in milliseconds.
    public var summaryLines: [String] {
        func line(_ name: String, _ values: [Double]) -> String {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return "\(name): no samples" }
            func quantile(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((q * Double(sorted.count - 1)).rounded()))] }
            return String(format: "%@: median %.2f ms, p95 %.2f ms (%d samples)", name, quantile(0.5) * 1000, quantile(0.95) * 1000, sorted.count)
        }
        return [line("process start (spawn to ready, fast probe)", processStart),
                line("spawn to ready (probe every \(Self.milliseconds(probePeriod)) ms)", spawnToReady),
                line("readiness probing adds", readinessProbe),
                line("proxy hop", hop)]
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%g", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }

    static func yaml(_ distribution: Distribution) -> String {
        switch distribution {
        case .lognormal(let mu, let sigma):
            return "{distribution: lognormal, mu: \(number(mu)), sigma: \(number(sigma))}"
        case .constant(let value):
            return "{distribution: constant, value: \(number(value))}"
        default:
            preconditionFailure("calibration fits only lognormal and constant distributions")
        }
    }

    /// Swift's shortest text that reads back as the same Double.
    static func number(_ value: Double) -> String { "\(value)" }
}
