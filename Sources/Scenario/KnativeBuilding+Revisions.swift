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
                var spec = try revisionSpec(revision, at: path, images: images)
                if !service.calls.isEmpty {
                    if case .processorSharing = spec.cpuModel {
                        throw late.unsupported(path.key("cpu-model"), "processor-sharing in a service that makes calls")
                    }
                    spec.calls = service.calls
                }
                revisions.append(spec)
            }
            services.append(ServiceSpec(name: service.name, revisions: revisions))
        }
        return services
    }

    func revisionSpec(_ revision: RevisionConfig, at path: FieldPath, images: ImageCatalog) throws(ScenarioError) -> RevisionSpec {
        if revision.pool != nil {
            throw late.error(path.key("pool"), "a fixed pool is the fixed-pool model's; the Knative model autoscales every revision (remove pool, or give every revision one)")
        }
        let autoscaling = try autoscalingSettings(revision, at: path)
        let policy = try policyKind(revision, settings: autoscaling, at: path)
        var cpuModel = ContainerCPUModel.unconstrained
        if revision.cpuModel == .processorSharing {
            guard let limit = revision.resources.limits.cpu, limit > 0 else {
                throw late.error(path.key("cpu-model"), "processor-sharing needs resources.limits.cpu, the CPU the requests share")
            }
            cpuModel = .processorSharing(limitCores: limit)
        }
        let requests = revision.resources.requests
        return RevisionSpec(
            name: revision.name, trafficPercent: revision.trafficPercent,
            containerConcurrency: revision.containerConcurrency, timeout: revision.timeout,
            autoscaling: autoscaling, image: revision.image.map { images.id(named: $0.name)! },
            userContainer: requests.isEmpty ? KnativePodResources.userContainer : Self.containerRequests(requests),
            startup: Self.podStartup(revision.startup), serviceTime: revision.serviceTime,
            terminationGracePeriod: revision.terminationGracePeriod, policy: policy, cpuModel: cpuModel,
            crashOnStartProbability: revision.crashOnStart)
    }

    static func podStartup(_ phases: StartupPhases) -> PodStartupSpec {
        PodStartupSpec(scheduling: phases.scheduling, sandboxCreation: phases.sandboxCreation,
                       containerCreation: phases.containerCreation, proxyStart: phases.proxyStart,
                       userContainerStart: phases.userContainerStart, applicationInit: phases.applicationInit,
                       readinessProbe: phases.readinessProbe, endpointPropagation: phases.endpointPropagation)
    }

    /// The revision's autoscaler: the KPA, or Kubernetes' HPA for Knative's HPA class, or
    /// one of knsim's own policies (`policy:`), hosted as the KPA is.
    func policyKind(_ revision: RevisionConfig, settings: AutoscalingSettings,
                    at path: FieldPath) throws(ScenarioError) -> RevisionPolicyKind {
        switch revision.scalingPolicy {
        case .kpa: return .kpa
        case .hpa:
            do { return .hpa(try HPASpec(settings: settings)) } catch {
                let message = "the HPA class: \(error.description)"
                if let entry = revision.annotation("class") { throw entry.error(message) }
                throw late.error(path.key("annotations"), message)
            }
        case .keepAlive(let keepAlive):
            return .custom(.keepAlive(KeepAlivePolicy(idleTimeout: keepAlive.nanoseconds)))
        case .hybridHistogram(let policy):
            return .custom(.hybridHistogram(Self.hybridConfiguration(policy)))
        case .external(let policy):
            return .custom(.external(ExternalPolicyConfiguration(
                arguments: policy.arguments, decisionInterval: policy.decisionInterval.nanoseconds,
                answerTimeout: policy.timeout.nanoseconds)))
        }
    }

    static func hybridConfiguration(_ policy: HybridHistogramPolicy) -> Autoscaling.HybridHistogramPolicy.Configuration {
        var configuration = Autoscaling.HybridHistogramPolicy.Configuration()
        configuration.binWidth = policy.bin.nanoseconds
        configuration.binCount = Int(policy.range.nanoseconds / policy.bin.nanoseconds)
        configuration.headPercentile = policy.prewarmPercentile
        configuration.tailPercentile = policy.keepAlivePercentile
        configuration.fallbackKeepAlive = policy.fallbackKeepAlive.nanoseconds
        return configuration
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
