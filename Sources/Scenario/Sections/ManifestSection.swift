import Engine
import Foundation
import Yams

/// A revision as a Knative Service manifest describes it, before the scenario's
/// own `revisions:` entry for it adds what a manifest cannot say (service time,
/// start-up phases, ...). Values keep the manifest node they came from, so that
/// later errors point into the manifest.
struct ManifestRevision {
    var name: String
    var trafficPercent: Double
    /// Where its traffic is set (`svc.yaml:14`), for "change it there" messages.
    var trafficAt: String
    /// False for a revision that `spec.traffic` names but the manifest's template
    /// does not describe (an older revision): its settings are the template's,
    /// assumed, and the scenario may override them.
    var isDescribed: Bool
    var containerConcurrency: Located<Int>?
    var timeout: Located<SimDuration>?
    var annotations: Located<Annotations>?
    var image: Located<String>?
    var resources: Located<ResourceRequirements>?
}

struct ManifestService {
    var name: String
    var nameReader: NodeReader
    var revisions: [ManifestRevision]
}

/// Reads a Knative `serving.knative.dev/v1` Service manifest: `metadata.name`, the
/// template's autoscaling annotations (checked like a scenario's), its
/// `containerConcurrency`, `timeoutSeconds`, first container's image and resources,
/// and `spec.traffic`. Every other field is reported as a warning (knsim does not
/// model it), never silently dropped; a malformed manifest is an error located in
/// the manifest file.
enum KnativeServiceManifest {
    static let apiVersion = "serving.knative.dev/v1"
    static let notModelled = "knsim does not model this field; it is ignored"

    /// Server-set metadata that a manifest exported with `kubectl get -o yaml`
    /// carries; it has no effect on a simulation, so it is skipped without a warning.
    static let quietMetadata = ["namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                                "managedFields", "selfLink"]

    /// Reads the manifest named by a service's `manifest:` field.
    static func read(_ field: NodeReader, warnings: inout [ScenarioWarning]) throws(ScenarioError) -> ManifestService {
        let written = try field.nonEmptyString("must be the path of a Knative Service manifest (YAML)")
        let path = try field.existingFile("a Knative Service manifest")
        let display = field.context.displayPath(written)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw field.error("cannot read \(quoted(written)) (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw field.error("\(quoted(written)) is not UTF-8 text") }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw ScenarioLoader.error(from: error, file: display, yaml: text, document: "a manifest file")
        } catch {
            throw ScenarioError(file: display, message: "invalid YAML: \(error)")
        }
        let context = DecodingContext(file: display, baseDirectory: (path as NSString).deletingLastPathComponent)
        guard let root, !NodeReader(node: root, path: .root, context: context).isNull else {
            throw ScenarioError(file: display, line: 1, column: 1, message: "the manifest is empty (it holds no YAML, only blanks or comments)")
        }
        return try decode(NodeReader(node: root, path: .root, context: context), warnings: &warnings)
    }

    static func decode(_ reader: NodeReader, warnings: inout [ScenarioWarning]) throws(ScenarioError) -> ManifestService {
        guard case .mapping = reader.node else {
            throw reader.error("a Knative Service manifest must be a mapping (apiVersion, kind, metadata, spec), got \(reader.described)")
        }
        var top = try lenient(reader, keys: ["apiVersion", "kind", "metadata", "spec"], warnings: &warnings)
        let apiVersion = try top.required("apiVersion")
        guard try apiVersion.string() == Self.apiVersion else {
            throw apiVersion.error("must be \(Self.apiVersion) (knsim reads Knative Services), got \(apiVersion.described)")
        }
        let kind = try top.required("kind")
        guard try kind.string() == "Service" else {
            throw kind.error("must be Service (knsim reads Knative Services), got \(kind.described)")
        }

        var metadata = try lenient(top.required("metadata"), keys: ["name", "annotations"] + quietMetadata,
                                   warnings: &warnings)
        let nameReader = try metadata.required("name")
        let name = try nameReader.dnsLabel()
        metadata.considered(quietMetadata)
        if let annotations = metadata.optional("annotations") {
            // Knative copies Service annotations to the Route and Configuration, but
            // the autoscaler reads only the revision template's.
            let (autoscaling, ignored) = try AnnotationsDecoder.decode(annotations)
            for entry in autoscaling {
                warnings.append(ScenarioWarning(at: entry.location, path: entry.path,
                                                message: "has no effect here: Knative reads autoscaling annotations from spec.template.metadata.annotations"))
            }
            for entry in ignored {
                warnings.append(ScenarioWarning(at: entry.location, path: entry.path, message: notModelled))
            }
        }
        metadata.finish()

        var spec = try lenient(top.required("spec"), keys: ["template", "traffic"], warnings: &warnings)
        let template = try Template(decoding: spec.required("template"), service: name, warnings: &warnings)
        let revisions = try trafficRevisions(spec.optional("traffic"), template: template, service: name,
                                             templateReader: try spec.required("template"), warnings: &warnings)
        spec.finish()
        top.finish()
        return ManifestService(name: name, nameReader: nameReader, revisions: revisions)
    }

    /// A mapping whose unknown keys become warnings.
    static func lenient(_ reader: NodeReader, keys: [String],
                        warnings: inout [ScenarioWarning]) throws(ScenarioError) -> MappingReader {
        let fields = try MappingReader(reader, keys: keys, unknownKeys: .collect)
        for entry in fields.unknownEntries {
            let keyAt = reader.child(entry.keyNode, path: reader.path.appending(key: entry.key))
            warnings.append(keyAt.warning(notModelled))
        }
        return fields
    }

    /// `spec.template`: the latest revision's settings.
    struct Template {
        var name: Located<String>?
        var containerConcurrency: Located<Int>?
        var timeout: Located<SimDuration>?
        var annotations: Located<Annotations>?
        var image: Located<String>
        var resources: Located<ResourceRequirements>?
        var reader: NodeReader

        init(decoding reader: NodeReader, service: String, warnings: inout [ScenarioWarning]) throws(ScenarioError) {
            self.reader = reader
            var fields = try lenient(reader, keys: ["metadata", "spec"], warnings: &warnings)
            if let metadataField = fields.optional("metadata") {
                var metadata = try lenient(metadataField, keys: ["name", "annotations"], warnings: &warnings)
                if let nameField = metadata.optional("name") {
                    let name = try nameField.dnsLabel()
                    // Knative: a revision name set in the template must start with the service's name.
                    guard name.hasPrefix(service + "-") else {
                        throw nameField.error("must start with the service's name and a dash (\(quoted(service + "-"))), as Knative requires, got \(nameField.described)")
                    }
                    self.name = Located(value: name, reader: nameField)
                }
                if let annotationsField = metadata.optional("annotations") {
                    let (autoscaling, ignored) = try AnnotationsDecoder.decode(annotationsField)
                    for entry in ignored {
                        warnings.append(ScenarioWarning(at: entry.location, path: entry.path, message: "knsim does not model this annotation; it is ignored"))
                    }
                    annotations = Located(value: Annotations(autoscaling: autoscaling, ignored: ignored), reader: annotationsField)
                }
                metadata.finish()
            }
            var spec = try lenient(fields.required("spec"), keys: ["containerConcurrency", "timeoutSeconds", "containers"],
                                   warnings: &warnings)
            containerConcurrency = try spec.optional("containerConcurrency").map { r throws(ScenarioError) in
                Located(value: try r.integer("must be a whole number from 0 (unlimited) to \(RevisionConfig.maxContainerConcurrency)") {
                    (0...RevisionConfig.maxContainerConcurrency).contains($0)
                }, reader: r)
            }
            timeout = try spec.optional("timeoutSeconds").map { r throws(ScenarioError) in
                Located(value: .wholeSeconds(Int64(try r.integer("must be a whole number of seconds, at least 1") { $0 >= 1 })),
                        reader: r)
            }
            let containersField = try spec.required("containers")
            let containers = try containersField.sequence("must be a list of containers")
            guard let first = containers.first else { throw containersField.error("must hold at least one container") }
            for extra in containers.dropFirst() {
                warnings.append(extra.warning("knsim models only the first container (the serving container); this one is ignored"))
            }
            var container = try lenient(first, keys: ["image", "resources", "name", "ports"], warnings: &warnings)
            container.considered(["name", "ports"])
            let imageField = try container.required("image")
            image = Located(value: try imageField.nonEmptyString("must be an image name"), reader: imageField)
            if let resourcesField = container.optional("resources") {
                resources = Located(value: try Self.resources(resourcesField, warnings: &warnings), reader: resourcesField)
            }
            container.finish()
            spec.finish()
            fields.finish()
        }

        static func resources(_ reader: NodeReader, warnings: inout [ScenarioWarning]) throws(ScenarioError) -> ResourceRequirements {
            var fields = try lenient(reader, keys: ResourceRequirements.keys, warnings: &warnings)
            func list(_ key: String) throws(ScenarioError) -> (ResourceList, NodeReader?) {
                guard let field = fields.optional(key) else { return (ResourceList(), nil) }
                var amounts = try lenient(field, keys: ResourceList.keys, warnings: &warnings)
                let cpu = try amounts.optional("cpu")?.quantity("must be more than 0 cores") { $0 > 0 }
                let memory = try amounts.optional("memory")?.quantity("must be more than 0 bytes") { $0 > 0 }
                amounts.finish()
                return (ResourceList(cpu: cpu, memory: memory), field)
            }
            let (requests, requestsField) = try list("requests")
            let (limits, _) = try list("limits")
            try ResourceRequirements.checkRequestsWithinLimits(requests: requests, limits: limits, requestsField: requestsField)
            fields.finish()
            return ResourceRequirements(requests: requests, limits: limits)
        }
    }

    /// The revisions `spec.traffic` routes to, with their percents; without
    /// `spec.traffic`, the template's revision takes all traffic (Knative's default).
    static func trafficRevisions(_ trafficField: NodeReader?, template: Template, service: String,
                                 templateReader: NodeReader, warnings: inout [ScenarioWarning]) throws(ScenarioError) -> [ManifestRevision] {
        struct Target {
            var name: String?
            var percent: Double
            var reader: NodeReader
        }
        var targets: [Target] = []
        if let trafficField {
            for item in try trafficField.sequence("must be a list of traffic targets") {
                var fields = try lenient(item, keys: ["revisionName", "percent", "latestRevision"], warnings: &warnings)
                let nameField = fields.optional("revisionName")
                let revisionName = try nameField?.dnsLabel()
                let latestField = fields.optional("latestRevision")
                let latest = try latestField?.bool()
                // Knative's rules (TrafficTarget.Validate, SetDefaults).
                if latest == true, revisionName != nil, let latestField {
                    throw latestField.error("cannot be true together with revisionName; a target names a revision or follows the latest one")
                }
                if latest == false, revisionName == nil {
                    throw ScenarioError(at: item.location, path: item.path.appending(key: "revisionName").description,
                                        message: "is required when latestRevision is false")
                }
                let percent = try fields.optional("percent")?.integer("must be a whole number from 0 to 100") { (0...100).contains($0) } ?? 0
                targets.append(Target(name: (latest ?? (revisionName == nil)) ? nil : revisionName, percent: Double(percent),
                                      reader: nameField ?? item))
                fields.finish()
            }
            let sum = targets.reduce(0) { $0 + $1.percent }
            guard sum == 100 else {
                throw trafficField.error("percents must add up to 100, got \(ScenarioWriter.number(sum))")
            }
        }

        // The template's revision: its own name, or the next generated one.
        let latestName: String
        if let name = template.name?.value {
            latestName = name
        } else {
            let generations = targets.compactMap { target -> Int? in
                guard let name = target.name, name.hasPrefix(service + "-") else { return nil }
                let suffix = name.dropFirst(service.count + 1)
                return suffix.count == 5 ? Int(suffix) : nil
            }
            latestName = RevisionConfig.generatedName(service: service, index: generations.max() ?? 0)
        }

        func revision(_ name: String, described: Bool, percent: Double, at: NodeReader) -> ManifestRevision {
            let location = at.location
            return ManifestRevision(
                name: name, trafficPercent: percent, trafficAt: "\(location.file):\(location.line)", isDescribed: described,
                containerConcurrency: template.containerConcurrency, timeout: template.timeout,
                annotations: template.annotations, image: template.image, resources: template.resources)
        }
        guard !targets.isEmpty else { return [revision(latestName, described: true, percent: 100, at: templateReader)] }
        var revisions: [ManifestRevision] = []
        for target in targets {
            let name = target.name ?? latestName
            if let index = revisions.firstIndex(where: { $0.name == name }) {
                revisions[index].trafficPercent += target.percent
                continue
            }
            let described = name == latestName
            if !described {
                warnings.append(target.reader.warning("revision \(quoted(name)) is not described by this manifest; knsim gives it the template's settings (override them under this service's revisions)"))
            }
            revisions.append(revision(name, described: described, percent: target.percent, at: target.reader))
        }
        // Knative creates the template's revision even when no traffic goes to it.
        if !revisions.contains(where: { $0.name == latestName }) {
            revisions.append(revision(latestName, described: true, percent: 0, at: templateReader))
        }
        return revisions
    }
}
