import AsyncHTTPClient
import Foundation
import NIOCore

/// How a pod's readiness is probed: `GET path` every `period`, each attempt bounded by
/// `timeout`. The defaults are queue-proxy's aggressive probing of the user container
/// while a pod starts (knative/serving pkg/queue/readiness: retry interval 50ms,
/// per-attempt timeout 100ms), which replaced the kubelet's 1s-period probe on the
/// cold-start path.
public struct ReadinessProbeSettings: Sendable, Equatable {
    public var path: String
    public var period: Duration
    public var timeout: Duration
    /// Give up when the pod is still not ready after this long.
    public var startupTimeout: Duration

    public init(path: String = "/healthz", period: Duration = .milliseconds(50),
                timeout: Duration = .milliseconds(100), startupTimeout: Duration = .seconds(60)) {
        self.path = path
        self.period = period
        self.timeout = timeout
        self.startupTimeout = startupTimeout
    }
}

/// One probe attempt's answer.
enum ProbeAnswer: Equatable {
    /// No HTTP answer (connection refused, timeout).
    case none
    /// Answered, but not ready (non-2xx), or another process answered (its pid differs).
    case notReady
    case ready
}

enum ReadinessProbe {
    static let pidHeader = "X-Knsim-Pid"

    static func probe(port: Int, pid: pid_t, settings: ReadinessProbeSettings, client: HTTPClient) async -> ProbeAnswer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(settings.path)")
        request.headers.add(name: "K-Kubelet-Probe", value: "queue")
        do {
            let response = try await client.execute(request, timeout: TimeAmount(settings.timeout))
            _ = try? await response.body.collect(upTo: 1 << 16)
            // A server that names its pid must be ours: a stale process on a reused
            // port would otherwise pass for the new pod.
            if let named = response.headers.first(name: pidHeader), named != String(pid) { return .notReady }
            return (200..<300).contains(Int(response.status.code)) ? .ready : .notReady
        } catch {
            return .none
        }
    }
}
