import Autoscaling
import Engine
import Serving

extension Scenario {
    /// The scenario as the Knative-on-Istio model's input.
    ///
    /// Every field is either mapped onto the model or, when the model cannot act on
    /// it yet, reported as an error at its line ("… is not supported by the Knative
    /// model yet") unless it holds its default, so that nothing a scenario sets is
    /// silently ignored. `file` is the scenario's path, for those messages.
    public func knativeConfiguration(file: String) throws(ScenarioError) -> KnativeModelConfiguration {
        let builder = KnativeBuilder(scenario: self, late: LateFieldError(file: file))
        return try builder.configuration()
    }
}

/// Maps a decoded `Scenario` onto `KnativeModelConfiguration`, one section per
/// method (cluster and sidecars here, revisions and workload in their own files).
struct KnativeBuilder {
    let scenario: Scenario
    let late: LateFieldError

    func configuration() throws(ScenarioError) -> KnativeModelConfiguration {
        let events = modelEvents()
        let images = try imageCatalog()
        let cluster = try clusterSpec(images: images)
        let mesh = try meshSpec()
        let activator = try activatorSpec()
        let services = try serviceSpecs(images: images)
        let workloads = try workloadSpecs()
        let queueProxy = QueueProxySpec(hopLatency: scenario.cluster.queueProxy.hopLatency,
                                        requests: Self.containerRequests(scenario.cluster.queueProxy.resources))
        try checkPodsFit(services, cluster: cluster, mesh: mesh, queueProxy: queueProxy)
        return KnativeModelConfiguration(
            duration: scenario.duration, warmup: scenario.warmup, seed: scenario.seed, generator: scenario.generator,
            cluster: cluster, mesh: mesh, activator: activator,
            ingress: IngressSpec(hopLatency: scenario.cluster.ingress.hopLatency),
            queueProxy: queueProxy, services: services, workloads: workloads,
            events: events, clusterAutoscaler: clusterAutoscalerSettings())
    }

    /// The scenario checks that a pod fits a node with the requests it writes; the
    /// model also gives a user container without requests knsim's default
    /// (`KnativePodResources.userContainer`), which a small node may not hold, and a
    /// pod that fits nowhere would wait for ever.
    func checkPodsFit(_ services: [ServiceSpec], cluster: ClusterModelSpec, mesh: MeshSpec,
                      queueProxy: QueueProxySpec) throws(ScenarioError) {
        for (s, service) in services.enumerated() {
            for (r, revision) in service.revisions.enumerated() {
                let pod = KnativePodResources.podRequests(user: revision.userContainer, queueProxy: queueProxy.requests,
                                                          istioProxy: mesh.enabled ? mesh.sidecarRequests : nil)
                guard !cluster.pools.contains(where: { pod.requested.isWithin($0.allocatable) }) else { continue }
                let path = FieldPath.root.key("services").index(s).key("revisions").index(r).key("resources")
                let user = revision.userContainer == KnativePodResources.userContainer
                    ? " (the user container has no requests, so it takes knsim's default of 400m and 100M; set resources.requests)" : ""
                throw late.error(path, "a pod of this revision requests \(pod.requested.milliCPU)m CPU and \(pod.requested.memoryBytes) bytes of memory, more than a node of any pool has\(user)")
            }
        }
    }

    // MARK: Cluster

    /// Every revision's image (with its size), then the pools' pre-loaded images the
    /// revisions do not use (size 0: nothing pulls them).
    func imageCatalog() throws(ScenarioError) -> ImageCatalog {
        var catalog = ImageCatalog()
        var firstUse: [String: (size: Double, path: FieldPath)] = [:]
        for (s, service) in scenario.services.enumerated() {
            for (r, revision) in service.revisions.enumerated() {
                guard let image = revision.image else { continue }
                let path = FieldPath.root.key("services").index(s).key("revisions").index(r).key("image").key("size")
                if let earlier = firstUse[image.name] {
                    guard earlier.size == image.size else {
                        throw late.error(path, "image \(quoted(image.name)) is \(RevisionConfig.bytes(image.size)) here but \(RevisionConfig.bytes(earlier.size)) at \(earlier.path); one image has one size")
                    }
                    continue
                }
                firstUse[image.name] = (image.size, path)
                catalog.register(name: image.name, sizeBytes: Int64(image.size.rounded()))
            }
        }
        for pool in scenario.cluster.nodePools {
            for image in pool.images where catalog.id(named: image) == nil {
                catalog.register(name: image, sizeBytes: 0)
            }
        }
        return catalog
    }

    func clusterSpec(images: ImageCatalog) throws(ScenarioError) -> ClusterModelSpec {
        let cluster = scenario.cluster
        let autoscalerPath = FieldPath.root.key("cluster").key("cluster-autoscaler")
        _ = autoscalerPath
        let pools = cluster.nodePools.map { pool in
            Serving.NodePool(name: pool.name, count: pool.count,
                             allocatable: Serving.ResourceList(milliCPU: Self.milliCPU(pool.cpu), memoryBytes: Self.bytes(pool.memory)),
                             maxPodsPerNode: pool.maxPods, minCount: pool.minCount, maxCount: pool.maxCount,
                             preloadedImages: pool.images.map { images.id(named: $0)! })
        }
        for (index, pool) in pools.enumerated() {
            if let problem = pool.problems(imageCount: images.count).first {
                throw late.error(FieldPath.root.key("cluster").key("node-pools").index(index), problem)
            }
        }
        let strategy: NodeScoringStrategy
        switch cluster.scheduler {
        case .leastAllocated: strategy = .leastAllocated
        case .mostAllocated: strategy = .mostAllocated
        }
        return ClusterModelSpec(pools: pools, images: images, scheduler: KubeScheduler(strategy: strategy),
                                imagePulls: ImagePullSettings(bandwidthBytesPerSecond: cluster.imagePullBandwidth))
    }

    // MARK: Sidecars and the activator

    func meshSpec() throws(ScenarioError) -> MeshSpec {
        // mesh.memory is the sidecar's memory request: decoding put it in mesh.resources.
        let mesh = scenario.mesh
        return MeshSpec(enabled: mesh.enabled, hopLatency: mesh.hopLatency,
                        sidecarRequests: Self.containerRequests(mesh.resources),
                        holdApplicationUntilProxyStarts: mesh.holdApplicationUntilProxyStarts,
                        cpuPerRequest: mesh.cpuPerRequest.seconds)
    }

    func activatorSpec() throws(ScenarioError) -> ActivatorSpec {
        let activator = scenario.activator
        if activator.replicas != nil {
            throw late.unsupported(FieldPath.root.key("activator").key("replicas"), "a fixed number of activators",
                                   needs: "the model has one activator pool sized by activator-capacity")
        }
        // activator.capacity reaches the model as config-autoscaler's activator-capacity
        // (see `autoscalingPairs`).
        return ActivatorSpec(queueDepth: activator.queueDepth, hopLatency: activator.hopLatency)
    }

    // MARK: Events

    /// The scenario's timed events, in time order (the decoder sorted them).
    func modelEvents() -> [TimedModelEvent] {
        scenario.events.map { event in
            let action: ModelEventAction
            switch event.action {
            case .traffic(let service, let split):
                action = .setTraffic(service: service, split: split.map { RevisionTraffic(revision: $0.revision, percent: $0.percent) })
            case .killPod(let revision, let count):
                action = .killPods(revision: revision, count: count)
            case .killNode(let pool, let index):
                action = .killNode(pool: pool, index: index)
            }
            return TimedModelEvent(at: event.at, action: action)
        }
    }

    /// The cluster autoscaler, when the scenario enables it (flag defaults of
    /// kubernetes/autoscaler's cluster-autoscaler otherwise).
    func clusterAutoscalerSettings() -> ClusterAutoscalerSettings? {
        let config = scenario.cluster.clusterAutoscaler
        guard config.enabled else { return nil }
        return ClusterAutoscalerSettings(scanInterval: config.scanInterval,
                                         scaleDownUnneededTime: config.scaleDownUnneededTime,
                                         scaleDownDelayAfterAdd: config.scaleDownDelayAfterAdd,
                                         provisioningDelay: config.provisioningDelay)
    }

    // MARK: Quantities

    /// Cores to millicores, as Kubernetes rounds a quantity (up, to the nearest milli).
    static func milliCPU(_ cores: Double) -> Int64 { Int64((cores * 1000).rounded(.up)) }
    static func bytes(_ value: Double) -> Int64 { Int64(value.rounded(.up)) }

    static func containerRequests(_ list: ResourceList) -> ContainerRequests {
        ContainerRequests(milliCPU: list.cpu.map(milliCPU), memoryBytes: list.memory.map(bytes))
    }
}
