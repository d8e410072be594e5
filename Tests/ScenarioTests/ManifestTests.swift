import Engine
import Foundation
import Testing
@testable import Scenario

/// Services read from Knative Service manifests, with the scenario's `revisions:`
/// adding what a manifest cannot say.
struct ManifestTests {
    let folder: String

    /// A canary: the template describes checkout-v3 (20%); checkout-v2 (80%) is an
    /// older revision the manifest only names. Carries fields knsim does not model.
    static let checkout = """
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata:
          name: checkout
          namespace: shop
          labels:
            app: checkout
          annotations:
            autoscaling.knative.dev/min-scale: "2"
        spec:
          template:
            metadata:
              name: checkout-v3
              annotations:
                autoscaling.knative.dev/target: "20"
                sidecar.istio.io/inject: "true"
            spec:
              containerConcurrency: 10
              timeoutSeconds: 60
              serviceAccountName: checkout
              containers:
                - name: user-container
                  image: ghcr.io/acme/checkout:1.4
                  ports:
                    - containerPort: 8080
                  env:
                    - {name: MODE, value: prod}
                  readinessProbe:
                    httpGet: {path: /healthz}
                  resources:
                    requests: {cpu: 250m, memory: 256Mi, ephemeral-storage: 1Gi}
                    limits: {cpu: "1"}
                - name: sidecar
                  image: busybox
          traffic:
            - revisionName: checkout-v2
              percent: 80
            - latestRevision: true
              percent: 20
              tag: canary
        status:
          url: http://checkout.shop.example.com

        """

    static let checkoutScenario = """
        name: m
        duration: 10m
        services:
          - manifest: manifests/checkout.yaml
            revisions:
              - name: checkout-v3
                service-time: 80ms
                image: {size: 100Mi}
              - name: checkout-v2
                service-time: 120ms
                container-concurrency: 5
        workload:
          - {service: checkout, arrivals: {process: poisson, rate: 5}}
        """

    /// The smallest manifest: no traffic block, no template name.
    static let hello = """
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata:
          name: hello
        spec:
          template:
            spec:
              containers:
                - image: ghcr.io/knative/helloworld-go

        """

    init() throws {
        folder = NSTemporaryDirectory() + "knsim-manifests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/manifests", withIntermediateDirectories: true)
        try write("checkout.yaml", Self.checkout)
        try write("hello.yaml", Self.hello)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: folder + "/manifests/" + name, atomically: true, encoding: .utf8)
    }

    /// Parses a scenario named `scenarios/m.yaml` whose folder is the test folder,
    /// so messages name manifests as `scenarios/manifests/...`.
    func parse(_ yaml: String) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.parse(yaml: yaml, file: "scenarios/m.yaml", baseDirectory: folder)
    }

    static func scenario(manifest: String, revisions: String = "", service: String = "s") -> String {
        var text = "name: m\nduration: 10m\nservices:\n  - manifest: manifests/\(manifest)\n"
        if !revisions.isEmpty { text += "    revisions:\n" + revisions + "\n" }
        return text + "workload:\n  - {service: \(service), arrivals: {process: poisson, rate: 5}}\n"
    }

    @Test func readsTheManifestAndTheScenariosAdditions() throws {
        let scenario = try parse(Self.checkoutScenario)
        let service = try #require(scenario.services.first)
        #expect(service.name == "checkout")
        #expect(service.revisions.map(\.name) == ["checkout-v2", "checkout-v3"])
        #expect(service.revisions.map(\.trafficPercent) == [80, 20])
        let manifest = "scenarios/manifests/checkout.yaml"
        let resources = ResourceRequirements(requests: ResourceList(cpu: 0.25, memory: 256 * 0x1p20), limits: ResourceList(cpu: 1))
        let target = ConfigEntry(key: "target", value: "20", location: FilePosition(file: manifest, line: 15, column: 41),
                                 path: #"spec.template.metadata.annotations["autoscaling.knative.dev/target"]"#)
        let inject = ConfigEntry(key: "sidecar.istio.io/inject", value: "true", location: FilePosition(file: manifest, line: 16, column: 34),
                                 path: #"spec.template.metadata.annotations["sidecar.istio.io/inject"]"#)
        #expect(service.revisions[1] == RevisionConfig(
            name: "checkout-v3", trafficPercent: 20, containerConcurrency: 10, timeout: .wholeSeconds(60),
            autoscalingAnnotations: [target], ignoredAnnotations: [inject], serviceTime: .constant(0.08),
            image: ImageConfig(name: "ghcr.io/acme/checkout:1.4", size: 100 * 0x1p20), resources: resources))
        // The older revision takes the template's settings; the scenario may override them.
        #expect(service.revisions[0] == RevisionConfig(
            name: "checkout-v2", trafficPercent: 80, containerConcurrency: 5, timeout: .wholeSeconds(60),
            autoscalingAnnotations: [target], ignoredAnnotations: [inject], serviceTime: .constant(0.12),
            image: ImageConfig(name: "ghcr.io/acme/checkout:1.4", size: 0), resources: resources))
    }

    @Test func unmodelledFieldsBecomeWarningsWithTheirPathAndLine() throws {
        let warnings = try parse(Self.checkoutScenario).warnings.map(\.description)
        let m = "scenarios/manifests/checkout.yaml"
        #expect(warnings == [
            "\(m):41:1: warning: status: knsim does not model this field; it is ignored",
            "\(m):6:3: warning: metadata.labels: knsim does not model this field; it is ignored",
            #"\#(m):9:40: warning: metadata.annotations["autoscaling.knative.dev/min-scale"]: has no effect here: Knative reads autoscaling annotations from spec.template.metadata.annotations"#,
            #"\#(m):16:34: warning: spec.template.metadata.annotations["sidecar.istio.io/inject"]: knsim does not model this annotation; it is ignored"#,
            "\(m):20:7: warning: spec.template.spec.serviceAccountName: knsim does not model this field; it is ignored",
            "\(m):33:11: warning: spec.template.spec.containers[1]: knsim models only the first container (the serving container); this one is ignored",
            "\(m):26:11: warning: spec.template.spec.containers[0].env: knsim does not model this field; it is ignored",
            "\(m):28:11: warning: spec.template.spec.containers[0].readinessProbe: knsim does not model this field; it is ignored",
            "\(m):31:50: warning: spec.template.spec.containers[0].resources.requests.ephemeral-storage: knsim does not model this field; it is ignored",
            "\(m):40:7: warning: spec.traffic[1].tag: knsim does not model this field; it is ignored",
            #"\#(m):36:21: warning: spec.traffic[0].revisionName: revision "checkout-v2" is not described by this manifest; knsim gives it the template's settings (override them under this service's revisions)"#,
            "\(m):23:18: warning: spec.template.spec.containers[0].image: the image's size is unknown, so pulling it takes no time; give it in the scenario: {name: checkout-v2, image: {size: ...}} under this service's revisions",
        ])
    }

    @Test func withoutTrafficTheTemplatesRevisionTakesAll() throws {
        let yaml = Self.scenario(manifest: "hello.yaml", revisions: "      - {name: hello-00001, service-time: 10ms}")
            .replacingOccurrences(of: "service: s,", with: "service: hello,")
        let scenario = try parse(yaml)
        #expect(scenario.services[0].revisions == [RevisionConfig(
            name: "hello-00001", serviceTime: .constant(0.01), image: ImageConfig(name: "ghcr.io/knative/helloworld-go"))])
        #expect(scenario.warnings.map(\.description) == [
            "scenarios/manifests/hello.yaml:9:18: warning: spec.template.spec.containers[0].image: the image's size is unknown, so pulling it takes no time; give it in the scenario: {name: hello-00001, image: {size: ...}} under this service's revisions",
        ])
    }

    @Test func theTemplatesRevisionFollowsTheNamedGenerationsAndAlwaysExists() throws {
        let traffic = "  traffic:\n    - {revisionName: web-00003, percent: 60}\n    - {revisionName: web-00003, percent: 40, tag: again}\n"
        try write("web.yaml", Self.hello.replacingOccurrences(of: "name: hello", with: "name: web") + traffic)
        let yaml = Self.scenario(manifest: "web.yaml", revisions: "      - {name: web-00003, service-time: 1s}\n      - {name: web-00004, service-time: 2s}")
            .replacingOccurrences(of: "service: s,", with: "service: web,")
        let revisions = try parse(yaml).services[0].revisions
        // Two targets for one revision add up; the template's revision is created with 0%.
        #expect(revisions.map(\.name) == ["web-00003", "web-00004"])
        #expect(revisions.map(\.trafficPercent) == [100, 0])
    }

    @Test func roundTripsAsPlainRevisions() throws {
        let scenario = try parse(Self.checkoutScenario)
        let written = ScenarioWriter.yaml(for: scenario)
        #expect(!written.contains("manifest"))
        let reread = try ExampleScenarioTests.parse(written)
        #expect(reread.withoutLocations == scenario.withoutLocations)
    }

    // MARK: Errors

    struct BadManifest: Sendable, CustomTestStringConvertible {
        let label: String
        let manifest: String
        let expected: String
        var testDescription: String { label }
    }

    /// Each manifest is `hello` with one change; errors point into the manifest.
    static let badManifests: [BadManifest] = [
        BadManifest(label: "old API version", manifest: hello.replacingOccurrences(of: "serving.knative.dev/v1", with: "serving.knative.dev/v1alpha1"),
                    expected: #"bad.yaml:1:13: apiVersion: must be serving.knative.dev/v1 (knsim reads Knative Services), got "serving.knative.dev/v1alpha1""#),
        BadManifest(label: "not a Service", manifest: hello.replacingOccurrences(of: "kind: Service", with: "kind: Deployment"),
                    expected: #"bad.yaml:2:7: kind: must be Service (knsim reads Knative Services), got "Deployment""#),
        BadManifest(label: "no name", manifest: hello.replacingOccurrences(of: "  name: hello\n", with: "  namespace: x\n"),
                    expected: "bad.yaml:4:3: metadata.name: is required"),
        BadManifest(label: "no containers", manifest: hello.replacingOccurrences(of: "      containers:\n        - image: ghcr.io/knative/helloworld-go\n", with: "      containerConcurrency: 1\n"),
                    expected: "bad.yaml:8:7: spec.template.spec.containers: is required"),
        BadManifest(label: "container without image", manifest: hello.replacingOccurrences(of: "- image: ghcr.io/knative/helloworld-go", with: "- name: c"),
                    expected: "bad.yaml:9:11: spec.template.spec.containers[0].image: is required"),
        BadManifest(label: "containerConcurrency too large", manifest: hello.replacingOccurrences(of: "      containers:", with: "      containerConcurrency: 2000\n      containers:"),
                    expected: #"bad.yaml:8:29: spec.template.spec.containerConcurrency: must be a whole number from 0 (unlimited) to 1000, got "2000""#),
        BadManifest(label: "timeoutSeconds not whole", manifest: hello.replacingOccurrences(of: "      containers:", with: "      timeoutSeconds: 1.5\n      containers:"),
                    expected: #"bad.yaml:8:23: spec.template.spec.timeoutSeconds: must be a whole number of seconds, at least 1, got "1.5""#),
        BadManifest(label: "bad quantity", manifest: hello + "          resources: {limits: {memory: 1GB}}\n",
                    expected: #"bad.yaml:10:40: spec.template.spec.containers[0].resources.limits.memory: unknown suffix "GB" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "1GB""#),
        BadManifest(label: "unknown autoscaling annotation", manifest: hello.replacingOccurrences(of: "    spec:\n      containers", with: "    metadata:\n      annotations: {autoscaling.knative.dev/minscale: \"1\"}\n    spec:\n      containers"),
                    expected: #"bad.yaml:8:21: spec.template.metadata.annotations["autoscaling.knative.dev/minscale"]: unknown autoscaling annotation "autoscaling.knative.dev/minscale"; did you mean "autoscaling.knative.dev/min-scale"?"#),
        BadManifest(label: "autoscaling value Knative rejects", manifest: hello.replacingOccurrences(of: "    spec:\n      containers", with: "    metadata:\n      annotations: {autoscaling.knative.dev/max-scale: \"-1\"}\n    spec:\n      containers"),
                    expected: #"bad.yaml:8:56: spec.template.metadata.annotations["autoscaling.knative.dev/max-scale"]: must be in [0, 2147483647], was -1"#),
        BadManifest(label: "template name without the service prefix", manifest: hello.replacingOccurrences(of: "    spec:\n      containers", with: "    metadata:\n      name: v2\n    spec:\n      containers"),
                    expected: #"bad.yaml:8:13: spec.template.metadata.name: must start with the service's name and a dash ("hello-"), as Knative requires, got "v2""#),
        BadManifest(label: "percents not adding up", manifest: hello + "  traffic:\n    - {latestRevision: true, percent: 90}\n",
                    expected: "bad.yaml:11:5: spec.traffic: percents must add up to 100, got 90"),
        BadManifest(label: "latestRevision with revisionName", manifest: hello + "  traffic:\n    - {revisionName: hello-00001, latestRevision: true, percent: 100}\n",
                    expected: "bad.yaml:11:51: spec.traffic[0].latestRevision: cannot be true together with revisionName; a target names a revision or follows the latest one"),
        BadManifest(label: "latestRevision false without revisionName", manifest: hello + "  traffic:\n    - {latestRevision: false, percent: 100}\n",
                    expected: "bad.yaml:11:7: spec.traffic[0].revisionName: is required when latestRevision is false"),
        BadManifest(label: "fractional percent", manifest: hello + "  traffic:\n    - {percent: 99.5}\n",
                    expected: #"bad.yaml:11:17: spec.traffic[0].percent: must be a whole number from 0 to 100, got "99.5""#),
        BadManifest(label: "invalid YAML", manifest: hello.replacingOccurrences(of: "name: hello", with: "name: [hello"),
                    expected: "bad.yaml:5:5: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 4)"),
        BadManifest(label: "two documents", manifest: hello + "---\napiVersion: v1\n",
                    expected: "bad.yaml:10:1: a second YAML document starts here; a manifest file holds one document"),
        BadManifest(label: "empty manifest", manifest: "# nothing\n",
                    expected: "bad.yaml:1:1: the manifest is empty (it holds no YAML, only blanks or comments)"),
        BadManifest(label: "a list", manifest: "- a\n",
                    expected: "bad.yaml:1:1: a Knative Service manifest must be a mapping (apiVersion, kind, metadata, spec), got a list"),
    ]

    @Test(arguments: badManifests)
    func manifestErrorsAreLocatedInTheManifest(_ c: BadManifest) throws {
        try write("bad.yaml", c.manifest)
        let yaml = Self.scenario(manifest: "bad.yaml", revisions: "      - {name: hello-00001, service-time: 1s}", service: "hello")
        do {
            _ = try ScenarioLoader.parse(yaml: yaml, file: "m.yaml", baseDirectory: folder)
            Issue.record("decoded without error")
        } catch {
            #expect(error.description == "manifests/" + c.expected)
        }
    }

    static let badAdditions: [(label: String, yaml: String, expected: String)] = [
        ("missing manifest", scenario(manifest: "nope.yaml"),
         #"m.yaml:4:15: services[0].manifest: no such file: "manifests/nope.yaml" (resolved to "FOLDER/manifests/nope.yaml")"#),
        ("revision not in the manifest", scenario(manifest: "checkout.yaml", revisions: "      - {name: checkout-v4, service-time: 1s}"),
         #"m.yaml:6:16: services[0].revisions[0].name: no revision named "checkout-v4" in the manifest; did you mean "checkout-v2"? (its revisions: checkout-v2, checkout-v3)"#),
        ("addition without a name", scenario(manifest: "checkout.yaml", revisions: "      - {service-time: 1s}"),
         "m.yaml:6:9: services[0].revisions[0].name: is required: it names the manifest's revision this entry adds to (checkout-v2, checkout-v3)"),
        ("traffic in an addition", scenario(manifest: "checkout.yaml", revisions: "      - {name: checkout-v3, traffic: 50, service-time: 1s}"),
         "m.yaml:6:38: services[0].revisions[0].traffic: comes from the manifest's spec.traffic (manifests/checkout.yaml:38); change it there"),
        ("setting the manifest already sets", scenario(manifest: "checkout.yaml", revisions: "      - {name: checkout-v3, container-concurrency: 4, service-time: 1s}"),
         "m.yaml:6:52: services[0].revisions[0].container-concurrency: is also set by the manifest (manifests/checkout.yaml:18); set it in one place"),
        ("image name the manifest already sets", scenario(manifest: "checkout.yaml", revisions: "      - {name: checkout-v3, image: {name: x}, service-time: 1s}"),
         "m.yaml:6:43: services[0].revisions[0].image.name: is also set by the manifest (manifests/checkout.yaml:23); set it in one place"),
        ("revision without a service time", scenario(manifest: "checkout.yaml", revisions: "      - {name: checkout-v3, service-time: 1s}"),
         #"m.yaml:4:15: services[0].manifest: revision "checkout-v2" from the manifest needs a service-time: add {name: checkout-v2, service-time: ...} to this service's revisions"#),
        ("addition without a service time", scenario(manifest: "checkout.yaml", revisions: "      - {name: checkout-v2}"),
         "m.yaml:6:9: services[0].revisions[0].service-time: is required"),
        ("name disagreeing with the manifest", scenario(manifest: "hello.yaml").replacingOccurrences(of: "  - manifest:", with: "  - name: hi\n    manifest:"),
         #"m.yaml:4:11: services[0].name: is "hi" but the manifest's metadata.name is "hello" (manifests/hello.yaml:4); leave name out or make them agree"#),
        ("duplicate addition", scenario(manifest: "checkout.yaml", revisions: "      - {name: checkout-v3, service-time: 1s}\n      - {name: checkout-v3, service-time: 2s}"),
         #"m.yaml:7:16: services[0].revisions[1].name: duplicate revision name "checkout-v3""#),
    ]

    @Test func scenarioErrorsAboutAManifestAreLocatedInTheScenario() throws {
        for c in Self.badAdditions {
            do {
                _ = try ScenarioLoader.parse(yaml: c.yaml, file: "m.yaml", baseDirectory: folder)
                Issue.record("\(c.label): decoded without error")
            } catch {
                #expect(error.description == c.expected.replacingOccurrences(of: "FOLDER", with: folder), "\(c.label)")
            }
        }
    }
}
