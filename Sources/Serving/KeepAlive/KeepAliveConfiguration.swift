import Engine

/// The input of the scale-per-request model (AWS Lambda style; SimFaaS's model,
/// shared/reference/platform-figures.md, last section): each revision is a function
/// whose instances serve one request at a time. A request goes to the most recently
/// created idle instance, else a new instance starts for it (a cold start, whose whole
/// response time is a draw of `coldServiceTime`); an instance expires `expiration`
/// after its last request ended. Nothing queues and nothing is refused.
public struct KeepAliveConfiguration: Sendable {
    public struct Revision: Sendable {
        public var name: String
        /// Share of the service's traffic, in percent (a service's revisions sum to 100).
        public var trafficPercent: Double
        /// How long an idle instance lives after its last request ended. SimFaaS and
        /// AWS Lambda: 10 minutes ("Serverless in the Wild", ATC 2020).
        public var expiration: SimDuration
        /// Response time of a request served by an idle (warm) instance.
        public var warmServiceTime: Distribution
        /// Response time of a request that started a new instance: the start and the
        /// service together, as SimFaaS models it.
        public var coldServiceTime: Distribution

        public init(name: String, trafficPercent: Double = 100, expiration: SimDuration = .wholeSeconds(600),
                    warmServiceTime: Distribution, coldServiceTime: Distribution) {
            self.name = name
            self.trafficPercent = trafficPercent
            self.expiration = expiration
            self.warmServiceTime = warmServiceTime
            self.coldServiceTime = coldServiceTime
        }
    }

    /// When a service's requests arrive.
    public enum Arrivals: Sendable {
        /// Independent times between arrivals (Poisson: exponential with mean 1/rate);
        /// the first arrival comes one draw after the start.
        case interarrival(Distribution)
        /// Recorded arrival instants, non-decreasing (a replayed trace).
        case times([SimTime])
    }

    public struct Service: Sendable {
        public var name: String
        public var revisions: [Revision]
        public var arrivals: Arrivals

        public init(name: String, revisions: [Revision], arrivals: Arrivals) {
            if case .times(let times) = arrivals {
                precondition(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "arrival times must not decrease")
            }
            self.name = name
            self.revisions = revisions
            self.arrivals = arrivals
        }

        /// Arrivals separated by independent draws of `interarrival`.
        public init(name: String, revisions: [Revision], interarrival: Distribution) {
            self.init(name: name, revisions: revisions, arrivals: .interarrival(interarrival))
        }
    }

    public var duration: SimDuration
    public var warmup: SimDuration
    public var seed: UInt64
    public var generator: GeneratorKind
    public var services: [Service]

    public init(duration: SimDuration, warmup: SimDuration = .zero, seed: UInt64, generator: GeneratorKind = .mt19937,
                services: [Service]) {
        self.duration = duration
        self.warmup = warmup
        self.seed = seed
        self.generator = generator
        self.services = services
    }
}
