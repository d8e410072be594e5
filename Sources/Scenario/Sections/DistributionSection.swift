import Engine
import Foundation

/// What a distribution's values measure, which decides how its parameters are read.
enum DistributionDomain {
    /// Values are seconds; time-valued parameters take durations (`250ms`) or
    /// plain numbers of seconds.
    case time
    /// Values are plain numbers.
    case number
}

/// Reads a distribution: a plain duration or number means a constant; otherwise a
/// mapping `{distribution: NAME, ...parameters}`.
enum DistributionDecoder {
    /// Each family and the parameters it takes, in documentation order. The JSON
    /// Schema's `distribution-NAME` definitions are checked against this list.
    static let families: [(name: String, parameters: [String])] = [
        ("constant", ["value"]),
        ("uniform", ["min", "max"]),
        ("exponential", ["mean", "rate"]),
        ("normal", ["mean", "stddev"]),
        ("lognormal", ["mu", "sigma", "mean", "stddev", "median", "p99"]),
        ("gamma", ["shape", "scale", "mean"]),
        ("weibull", ["shape", "scale"]),
        ("pareto", ["shape", "scale"]),
        ("empirical", ["values", "file", "column"]),
    ]

    static let familyKey = "distribution"

    static func keys(of family: String) -> [String] {
        [familyKey] + (families.first { $0.name == family }?.parameters ?? [])
    }

    static func decode(_ reader: NodeReader, domain: DistributionDomain = .time) throws(ScenarioError) -> Distribution {
        switch reader.node {
        case .scalar:
            return .constant(try constantValue(reader, domain: domain))
        case .mapping:
            return try decodeMapping(reader, domain: domain)
        default:
            throw reader.error("must be a \(domain == .time ? "duration" : "number") or a mapping such as {distribution: exponential, mean: 100ms}, got \(reader.described)")
        }
    }

    private static func constantValue(_ reader: NodeReader, domain: DistributionDomain) throws(ScenarioError) -> Double {
        let text = try reader.scalarText("must be a duration or a distribution mapping")
        switch domain {
        case .number:
            return try reader.number("must be a number of 0 or more or a mapping such as {distribution: exponential, mean: 2}") { $0 >= 0 }
        case .time:
            do {
                return try DurationSyntax.seconds(text)
            } catch {
                // A near-duration ("5sec", "-1s") gets the duration's own message;
                // anything else is more likely an attempt at a distribution.
                if text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
                    throw reader.error(error.message)
                }
                throw reader.error("must be a duration such as 250ms (a constant) or a mapping such as {distribution: exponential, mean: 100ms}, got \(reader.described)")
            }
        }
    }

    private static func decodeMapping(_ reader: NodeReader, domain: DistributionDomain) throws(ScenarioError) -> Distribution {
        guard let familyField = reader.peek(familyKey), !familyField.isNull else {
            throw ScenarioError(at: reader.location, path: reader.path.appending(key: familyKey).description,
                                message: "is required (one of \(families.map(\.name).joined(separator: ", ")))")
        }
        let family = try familyField.oneOf(families.map(\.name), what: "distribution")
        var fields = try reader.mapping(keys: keys(of: family))
        _ = fields.optional(familyKey)
        var params = Parameters(fields: fields, domain: domain, family: family)
        let distribution: Distribution
        do {
            distribution = try params.build()
        } catch let error as ScenarioError {
            throw error
        } catch let error as DistributionError {
            throw params.error(for: error)
        } catch {
            throw reader.error("\(error)")
        }
        do {
            try distribution.validate()
        } catch let error as DistributionError {
            throw params.error(for: error)
        } catch {
            throw reader.error("\(error)")
        }
        params.fields.finish()
        return distribution
    }
}

/// The parameters of one distribution mapping, read by family.
private struct Parameters {
    var fields: MappingReader
    let domain: DistributionDomain
    let family: String

    var reader: NodeReader { fields.reader }

    /// Builds the distribution; throws `ScenarioError` for a bad field and
    /// `DistributionError` (from Engine's factories) for a bad combination.
    mutating func build() throws -> Distribution {
        switch family {
        case "constant":
            return .constant(try time("value"))
        case "uniform":
            return .uniform(low: try time("min"), high: try time("max"))
        case "exponential":
            switch try form([["mean"], ["rate"]]) {
            case 0: return .exponential(mean: try time("mean"))
            default:
                let rate = try required("rate").number("must be a number of events per second, greater than 0") { $0 > 0 }
                return try .exponential(rate: rate)
            }
        case "normal":
            return .truncatedNormal(mean: try time("mean"), stddev: try time("stddev"))
        case "lognormal":
            switch try form([["mu", "sigma"], ["mean", "stddev"], ["median", "p99"]]) {
            case 0:
                // mu and sigma are of log(X); they are plain numbers, never durations.
                return .lognormal(mu: try required("mu").number(), sigma: try required("sigma").number())
            case 1:
                return try .lognormal(mean: try time("mean"), stddev: try time("stddev"))
            default:
                return try .lognormal(median: try time("median"), p99: try time("p99"))
            }
        case "gamma":
            let shapeAndScale = try form([["shape", "scale"], ["shape", "mean"]]) == 0
            let shape = try required("shape").number("must be a number greater than 0") { $0 > 0 }
            if shapeAndScale { return .gamma(shape: shape, scale: try time("scale")) }
            let meanField = try required("mean")
            let mean = try time("mean")
            guard mean > 0 else { throw meanField.error("must be greater than 0, got \(meanField.described)") }
            return .gamma(shape: shape, scale: mean / shape)
        case "weibull":
            return .weibull(shape: try required("shape").number(), scale: try time("scale"))
        case "pareto":
            return .pareto(shape: try required("shape").number(), scale: try time("scale"))
        case "empirical":
            return try empirical()
        default:
            preconditionFailure("family \(family) is listed but not decoded")
        }
    }

    private mutating func empirical() throws -> Distribution {
        fields.considered(["column"])
        if try form([["values"], ["file"]]) == 0 {
            if let column = fields.optional("column") {
                throw column.error("only applies with file; values are listed inline")
            }
            let items = try required("values").sequence("must be a list of samples")
            guard !items.isEmpty else { throw try required("values").error("must hold at least one sample") }
            var values: [Double] = []
            for item in items { values.append(try value(of: item)) }
            return try .empirical(values: values)
        }
        let fileField = try required("file")
        let file = try fileField.nonEmptyString("must be the path of a CSV file")
        let column = try fields.optional("column").map { field throws(ScenarioError) in try EmpiricalCSV.Column(decoding: field) }
        let path = file.hasPrefix("/") ? file : URL(fileURLWithPath: reader.context.baseDirectory)
            .appendingPathComponent(file).standardizedFileURL.path
        let values: [Double]
        do {
            values = try EmpiricalCSV.read(path: path, written: file, column: column, domain: domain)
        } catch {
            throw fileField.error(error.message)
        }
        return try .empirical(values: values)
    }

    // MARK: Helpers

    mutating func required(_ key: String) throws(ScenarioError) -> NodeReader {
        try fields.required(key)
    }

    /// A time-valued (or, in the number domain, plain) parameter.
    mutating func time(_ key: String) throws(ScenarioError) -> Double {
        try value(of: required(key))
    }

    func value(of field: NodeReader) throws(ScenarioError) -> Double {
        switch domain {
        case .time:
            let text = try field.scalarText(DurationSyntax.expectation)
            do { return try DurationSyntax.seconds(text) } catch { throw field.error(error.message) }
        case .number: return try field.number()
        }
    }

    /// Which of the family's alternative parameter sets the mapping uses (index
    /// into `forms`); a key from two different sets, or none at all, is an error.
    mutating func form(_ forms: [[String]]) throws(ScenarioError) -> Int {
        let all = forms.flatMap { $0 }
        fields.considered(all)
        let written = fields.writtenKeys.filter { all.contains($0) }
        let described = forms.map { $0.joined(separator: " and ") }.joined(separator: ", or ")
        guard !written.isEmpty else {
            throw ScenarioError(at: reader.location, path: reader.path.appending(key: forms[0][0]).description,
                                message: "is required (\(family) takes \(described))")
        }
        var compatible = Array(forms.indices)
        var seen: [String] = []
        for key in written {
            let remaining = compatible.filter { forms[$0].contains(key) }
            if remaining.isEmpty {
                throw ScenarioError(at: fields.keyLocation(key) ?? reader.location,
                                    path: reader.path.appending(key: key).description,
                                    message: "cannot be combined with \(seen.joined(separator: ", ")) (\(family) takes \(described))")
            }
            compatible = remaining
            seen.append(key)
        }
        // Prefer a set that is written in full; otherwise the first candidate, whose
        // missing key `required` then reports.
        return compatible.first { forms[$0].allSatisfy(written.contains) } ?? compatible[0]
    }

    /// Engine names the parameter at fault; point at it if the user wrote it,
    /// otherwise at the distribution mapping.
    func error(for error: DistributionError) -> ScenarioError {
        var key = String(error.parameter.prefix { $0 != "[" })
        if key == "values", fields.writtenKeys.contains("file") { key = "file" }
        if let field = reader.peek(key), fields.writtenKeys.contains(key) {
            return field.error(error.message)
        }
        return ScenarioError(at: reader.location, path: reader.path.appending(key: error.parameter).description,
                             message: error.message)
    }
}
