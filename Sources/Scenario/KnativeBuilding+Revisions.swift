import Autoscaling
import Engine
import Serving

extension KnativeBuilder {
    func serviceSpecs(images: ImageCatalog) throws(ScenarioError) -> [ServiceSpec] {
        var services: [ServiceSpec] = []
        for (s, service) in scenario.services.enumerated() {
            var revisions: [RevisionSpec] = []
            for (r, revision) in service.revisions.enumerated() {
                let path = FieldPath.root.key("services").index(s).key("revisions").index(r)
                revisions.append(try revisionSpec(revision, at: path, images: images))
            }
            services.append(ServiceSpec(name: service.name, revisions: revisions))
        }
        return services
    }

    func revisionSpec(_ revision: RevisionConfig, at path: FieldPath, images: ImageCatalog) throws(ScenarioError) -> RevisionSpec {
        if revision.pool != nil {
            throw late.error(path.key("pool"), "a fixed pool is the fixed-pool model's; the Knative model autoscales every revision (remove pool, or give every revision one)")
        }
        try checkScalingPolicy(revision, at: path)
        if revision.cpuModel != .unconstrained {
            throw late.unsupported(path.key("cpu-model"), "cpu-model \(revision.cpuModel.rawValue)",
                                   needs: "requests in a pod would have to share its CPU limit")
        }
        if revision.crashOnStart != 0 {
            throw late.unsupported(path.key("crash-on-start"), "crashing on start",
                                   needs: "pods would have to fail during start-up and be replaced")
        }
        let autoscaling = try autoscalingSettings(revision, at: path)
        let requests = revision.resources.requests
        return RevisionSpec(
            name: revision.name, trafficPercent: revision.trafficPercent,
            containerConcurrency: revision.containerConcurrency, timeout: revision.timeout,
            autoscaling: autoscaling, image: revision.image.map { images.id(named: $0.name)! },
            userContainer: requests.isEmpty ? KnativePodResources.userContainer : Self.containerRequests(requests),
            startup: Self.podStartup(revision.startup), serviceTime: revision.serviceTime,
            terminationGracePeriod: revision.terminationGracePeriod)
    }

    static func podStartup(_ phases: StartupPhases) -> PodStartupSpec {
        PodStartupSpec(scheduling: phases.scheduling, sandboxCreation: phases.sandboxCreation,
                       containerCreation: phases.containerCreation, proxyStart: phases.proxyStart,
                       userContainerStart: phases.userContainerStart, applicationInit: phases.applicationInit,
                       readinessProbe: phases.readinessProbe, endpointPropagation: phases.endpointPropagation)
    }

    /// The model runs the KPA; another class or policy is reported where it is chosen.
    func checkScalingPolicy(_ revision: RevisionConfig, at path: FieldPath) throws(ScenarioError) {
        let what: String
        switch revision.scalingPolicy {
        case .kpa: return
        case .hpa: what = "the HPA autoscaler class"
        case .keepAlive: what = "the keep-alive policy"
        case .hybridHistogram: what = "the hybrid-histogram policy"
        }
        let message = "\(what) is not supported by the Knative model yet (it runs the KPA)"
        if let entry = revision.annotation("class") { throw entry.error(message) }
        if case .hpa = revision.scalingPolicy, let entry = scenario.autoscaler.entry("pod-autoscaler-class") {
            throw entry.error(message + " for revision \(quoted(revision.name))")
        }
        throw late.error(path.key("policy"), message)
    }

    /// config-autoscaler, then the revision's annotations, then its
    /// containerConcurrency, as Knative combines them.
    func autoscalingPairs(_ revision: RevisionConfig) -> [(key: String, value: String)] {
        var pairs = scenario.autoscaler.entries.map { (key: $0.key, value: $0.value) }
        if scenario.autoscaler.entry("activator-capacity") == nil, scenario.activator.capacity != ActivatorConfig.defaultCapacity {
            pairs.append((key: "activator-capacity", value: ScenarioWriter.number(scenario.activator.capacity)))
        }
        pairs += revision.autoscalingAnnotations.map { (key: KnativeKeys.annotationPrefix + $0.key, value: $0.value) }
        pairs.append((key: AutoscalingSettings.containerConcurrencyKey, value: String(revision.containerConcurrency)))
        return pairs
    }

    func autoscalingSettings(_ revision: RevisionConfig, at path: FieldPath) throws(ScenarioError) -> AutoscalingSettings {
        do {
            return try AutoscalingSettings(pairs: autoscalingPairs(revision))
        } catch {
            let prefix = KnativeKeys.annotationPrefix
            let short = error.key.hasPrefix(prefix) ? String(error.key.dropFirst(prefix.count)) : error.key
            if let entry = revision.annotation(short) { throw entry.error(error.message) }
            if let entry = scenario.autoscaler.entry(error.key) { throw entry.error(error.message) }
            switch error.key {
            case "activator-capacity":
                throw late.error(FieldPath.root.key("activator").key("capacity"), error.message)
            case AutoscalingSettings.containerConcurrencyKey:
                throw late.error(path.key("container-concurrency"), error.message)
            default:
                throw late.error(path.key("annotations"), error.description)
            }
        }
    }
}
