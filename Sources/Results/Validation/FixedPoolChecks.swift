import Engine
import Serving

/// Replications of a single-revision fixed pool with c pods of concurrency 1,
/// Poisson arrivals and exponential service: M/M/c, or M/M/c/K with a bounded queue.
struct FixedPoolQueue: Sendable {
    var servers: Int
    var meanService: Double
    var utilisation: Double
    /// Requests per replication (arrivals after the warm-up, roughly).
    var requests: Double
    var queueCapacity: Int?
    /// Replication r uses seed `firstSeed + r`: independent streams, so the t interval holds.
    var firstSeed: UInt64 = 1

    var arrivalRate: Double { utilisation * Double(servers) / meanService }

    func replicate(_ replications: Int) -> [RunReport] {
        (0..<replications).map { r in
            let duration = requests / arrivalRate
            // A 2% warm-up drops the empty-start transient.
            let configuration = FixedPoolConfiguration(
                duration: .seconds(duration * 1.02), warmup: .seconds(duration * 0.02), seed: firstSeed + UInt64(r),
                services: [.init(name: "mmc", revisions: [
                    .init(name: "mmc-1", trafficPercent: 100, pods: servers, containerConcurrency: 1,
                          serviceTime: .exponential(mean: meanService), queueCapacity: queueCapacity),
                ], interarrival: .exponential(mean: 1 / arrivalRate))])
            var simulation = FixedPoolSimulation(configuration)
            return simulation.run()
        }
    }
}

/// Erlang C: the M/M/c mean wait and probability of waiting.
public struct ErlangCCheck: ValidationCheck {
    var queue: FixedPoolQueue

    public init(servers: Int = 4, meanService: Double = 0.1, utilisation: Double = 0.8, requestsPerReplication: Double = 200_000) {
        queue = FixedPoolQueue(servers: servers, meanService: meanService, utilisation: utilisation, requests: requestsPerReplication)
    }

    public func rows(replications: Int) -> [ValidationRow] {
        let reports = queue.replicate(replications)
        let label = "M/M/\(queue.servers) ρ=\(MetricFormat.number(queue.utilisation))"
        let a = queue.arrivalRate * queue.meanService
        return [
            ValidationRow(quantity: "Erlang C mean wait (s), \(label)",
                          theory: QueueingFormulas.mmcMeanWait(servers: queue.servers, arrivalRate: queue.arrivalRate,
                                                               meanService: queue.meanService),
                          replications: reports.map { $0.overall.wait.mean }),
            ValidationRow(quantity: "Erlang C P(wait), \(label)",
                          theory: QueueingFormulas.erlangC(servers: queue.servers, offeredLoad: a),
                          // A wait of exactly zero is a request that found a free pod.
                          replications: reports.map { 1 - Double($0.overall.wait.sketch.zeroCount) / Double(max(1, $0.overall.wait.count)) }),
        ]
    }
}

/// M/M/c/K blocking: the share of arrivals turned away ("queue-full") by a bounded queue.
public struct BlockingCheck: ValidationCheck {
    var queue: FixedPoolQueue

    public init(servers: Int = 2, queueCapacity: Int = 3, meanService: Double = 0.1, utilisation: Double = 0.9,
                requestsPerReplication: Double = 200_000) {
        queue = FixedPoolQueue(servers: servers, meanService: meanService, utilisation: utilisation,
                               requests: requestsPerReplication, queueCapacity: queueCapacity)
    }

    public func rows(replications: Int) -> [ValidationRow] {
        let reports = queue.replicate(replications)
        let k = queue.servers + (queue.queueCapacity ?? 0)
        return [
            ValidationRow(quantity: "M/M/\(queue.servers)/\(k) blocking P(K), ρ=\(MetricFormat.number(queue.utilisation))",
                          theory: QueueingFormulas.mmckBlocking(servers: queue.servers, capacity: k,
                                                                offeredLoad: queue.arrivalRate * queue.meanService),
                          replications: reports.map {
                              Double($0.overall.failuresByReason["queue-full", default: 0]) / Double(max(1, $0.overall.arrived))
                          }),
        ]
    }
}
