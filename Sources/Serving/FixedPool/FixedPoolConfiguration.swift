import Engine

/// The first model of knsim: each revision is a fixed pool of always-ready pods behind
/// one FIFO queue. No cold starts, no autoscaler, no sidecars: it exists so the engine,
/// the workload and the statistics can be checked against queueing theory (with
/// container-concurrency 1 and c pods it is exactly an M/M/c queue under Poisson
/// arrivals and exponential service).
public struct FixedPoolConfiguration: Sendable {
    public struct Revision: Sendable {
        public var name: String
        /// Share of the service's traffic, in percent (a service's revisions sum to 100).
        public var trafficPercent: Double
        public var pods: Int
        /// Knative's containerConcurrency: requests one pod serves at once; 0 = unlimited.
        public var containerConcurrency: Int
        public var serviceTime: Distribution
        /// Most requests that may wait in the revision's queue (a bounded queue-proxy
        /// queue); an arrival that finds it full fails with reason "queue-full". nil =
        /// unbounded. With c pods of concurrency 1 this makes the pool M/M/c/K, K = c + capacity.
        public var queueCapacity: Int?

        public init(name: String, trafficPercent: Double, pods: Int, containerConcurrency: Int, serviceTime: Distribution,
                    queueCapacity: Int? = nil) {
            self.name = name
            self.trafficPercent = trafficPercent
            self.pods = pods
            self.containerConcurrency = containerConcurrency
            self.serviceTime = serviceTime
            self.queueCapacity = queueCapacity
        }
    }

    public struct Service: Sendable {
        public var name: String
        public var revisions: [Revision]
        /// Time between arrivals (for Poisson arrivals, exponential with mean 1/rate).
        public var interarrival: Distribution

        public init(name: String, revisions: [Revision], interarrival: Distribution) {
            self.name = name
            self.revisions = revisions
            self.interarrival = interarrival
        }
    }

    public var duration: SimDuration
    public var warmup: SimDuration
    public var seed: UInt64
    public var generator: GeneratorKind
    public var services: [Service]

    public init(duration: SimDuration, warmup: SimDuration = .zero, seed: UInt64, generator: GeneratorKind = .mt19937, services: [Service]) {
        self.duration = duration
        self.warmup = warmup
        self.seed = seed
        self.generator = generator
        self.services = services
    }
}
