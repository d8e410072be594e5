import AsyncHTTPClient
import Foundation

/// Measures what `Calibration` holds on this machine, with knsim-fn as the pod.
public struct Calibrator: Sendable {
    public var knsimFn: String
    public var samples: Int
    /// Real mode's probe (period 50 ms, Knative's aggressive probing).
    public var probe: ReadinessProbeSettings
    /// Probe period for measuring the bare process start.
    public var fastProbePeriod: Duration
    /// Requests timed through the hop (and directly) per sample.
    public var hopRequestsPerSample: Int

    public init(knsimFn: String, samples: Int = 20, probe: ReadinessProbeSettings = ReadinessProbeSettings(),
                fastProbePeriod: Duration = .milliseconds(1), hopRequestsPerSample: Int = 10) {
        self.knsimFn = knsimFn
        self.samples = max(1, samples)
        self.probe = probe
        self.fastProbePeriod = fastProbePeriod
        self.hopRequestsPerSample = max(1, hopRequestsPerSample)
    }

    public func run(client: HTTPClient, ports: PortAllocator = PortAllocator()) async throws -> Calibration {
        var fast = probe
        fast.period = fastProbePeriod
        var processStart: [Double] = [], spawnToReady: [Double] = []
        // Alternate the two probes so drifting machine load touches both alike.
        for _ in 0..<samples {
            processStart.append(try await startOnce(probe: fast, client: client, ports: ports))
            spawnToReady.append(try await startOnce(probe: probe, client: client, ports: ports))
        }
        let medianStart = Self.median(processStart)
        let readiness = spawnToReady.map { max($0 - medianStart, 1e-6) }
        let hop = try await measureHop(client: client, ports: ports)
        return Calibration(processStart: processStart, spawnToReady: spawnToReady, readinessProbe: readiness,
                           hop: hop, probePeriod: probe.period, fastProbePeriod: fastProbePeriod)
    }

    func startOnce(probe: ReadinessProbeSettings, client: HTTPClient, ports: PortAllocator) async throws -> Double {
        let pod = try await ProcessPod.launch(.knsimFn(executable: knsimFn, initDelay: 0), ports: ports)
        do {
            let timings = try await pod.waitUntilReady(probe: probe, client: client)
            await pod.stop(grace: .seconds(5))
            return Self.seconds(timings.spawnToReady!)
        } catch {
            await pod.kill()
            throw error
        }
    }

    /// Round trips straight to a pod and through the hop, interleaved; each hop sample
    /// is a hop round trip minus the median direct one.
    func measureHop(client: HTTPClient, ports: PortAllocator) async throws -> [Double] {
        let pod = try await ProcessPod.launch(.knsimFn(executable: knsimFn, initDelay: 0), ports: ports)
        do {
            try await pod.waitUntilReady(probe: probe, client: client)
            let target = pod.url
            let count = samples * hopRequestsPerSample
            let (direct, through) = try await PassThroughHop(upstream: target, client: client).serve { hopURL in
                var direct: [Double] = [], through: [Double] = []
                // Warm both connection pools first: a new connection is not a hop's cost.
                _ = try await Self.roundTrip(target + "/", client: client)
                _ = try await Self.roundTrip(hopURL + "/", client: client)
                for _ in 0..<count {
                    direct.append(try await Self.roundTrip(target + "/", client: client))
                    through.append(try await Self.roundTrip(hopURL + "/", client: client))
                }
                return (direct, through)
            }
            await pod.stop(grace: .seconds(5))
            let base = Self.median(direct)
            return through.map { max($0 - base, 1e-6) }
        } catch {
            await pod.kill()
            throw error
        }
    }

    static func roundTrip(_ url: String, client: HTTPClient) async throws -> Double {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "X-Knsim-Service-Time", value: "0")
        let started = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return seconds(started.duration(to: .now))
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, atto) = duration.components
        return Double(s) + Double(atto) / 1e18
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
