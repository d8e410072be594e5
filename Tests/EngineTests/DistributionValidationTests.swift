import Testing
import Engine

struct InvalidDistributionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let parameter: String
    let build: @Sendable () throws -> Distribution
    var testDescription: String { name }
}

/// Each nonsense input and the parameter its error must name.
private let invalidCases: [InvalidDistributionCase] = [
    .init(name: "negative constant", parameter: "value") { try Distribution.constant(-1).validated() },
    .init(name: "NaN constant", parameter: "value") { try Distribution.constant(.nan).validated() },
    .init(name: "uniform below zero", parameter: "min") { try Distribution.uniform(low: -1, high: 2).validated() },
    .init(name: "uniform max under min", parameter: "max") { try Distribution.uniform(low: 3, high: 2).validated() },
    .init(name: "uniform infinite max", parameter: "max") { try Distribution.uniform(low: 0, high: .infinity).validated() },
    .init(name: "exponential zero mean", parameter: "mean") { try Distribution.exponential(mean: 0).validated() },
    .init(name: "exponential negative rate", parameter: "rate") { try Distribution.exponential(rate: -2) },
    .init(name: "exponential infinite rate", parameter: "rate") { try Distribution.exponential(rate: .infinity) },
    .init(name: "truncated normal negative stddev", parameter: "stddev") {
        try Distribution.truncatedNormal(mean: 1, stddev: -1).validated()
    },
    .init(name: "truncated normal all mass below zero", parameter: "mean") {
        try Distribution.truncatedNormal(mean: -10, stddev: 1).validated()
    },
    .init(name: "truncated normal negative point", parameter: "mean") {
        try Distribution.truncatedNormal(mean: -1, stddev: 0).validated()
    },
    .init(name: "truncated normal infinite mean", parameter: "mean") {
        try Distribution.truncatedNormal(mean: .infinity, stddev: 1).validated()
    },
    .init(name: "lognormal NaN mu", parameter: "mu") { try Distribution.lognormal(mu: .nan, sigma: 1).validated() },
    .init(name: "lognormal negative sigma", parameter: "sigma") { try Distribution.lognormal(mu: 0, sigma: -1).validated() },
    .init(name: "lognormal zero mean", parameter: "mean") { try Distribution.lognormal(mean: 0, stddev: 1) },
    .init(name: "lognormal negative stddev", parameter: "stddev") { try Distribution.lognormal(mean: 1, stddev: -1) },
    .init(name: "lognormal stddev overflowing sigma", parameter: "stddev") { try Distribution.lognormal(mean: 1e-200, stddev: 1e200) },
    .init(name: "lognormal zero median", parameter: "median") { try Distribution.lognormal(median: 0, p99: 1) },
    .init(name: "lognormal p99 under median", parameter: "p99") { try Distribution.lognormal(median: 2, p99: 1) },
    .init(name: "lognormal infinite p99", parameter: "p99") { try Distribution.lognormal(median: 1, p99: .infinity) },
    .init(name: "gamma zero shape", parameter: "shape") { try Distribution.gamma(shape: 0, scale: 1).validated() },
    .init(name: "gamma negative scale", parameter: "scale") { try Distribution.gamma(shape: 1, scale: -1).validated() },
    .init(name: "weibull negative shape", parameter: "shape") { try Distribution.weibull(shape: -1, scale: 1).validated() },
    .init(name: "pareto zero scale", parameter: "scale") { try Distribution.pareto(shape: 1, scale: 0).validated() },
    .init(name: "empirical without samples", parameter: "values") { try Distribution.empirical(values: []) },
    .init(name: "empirical negative sample", parameter: "values[1]") { try Distribution.empirical(values: [1, -2, 3]) },
    // The index is the caller's position, not the position after sorting.
    .init(name: "empirical NaN sample", parameter: "values[2]") { try Distribution.empirical(values: [5, 4, .nan, 1]) },
]

@Suite("Distribution validation")
struct DistributionValidationTests {
    @Test("each nonsense input is rejected with an error naming its parameter", arguments: invalidCases)
    func rejects(_ c: InvalidDistributionCase) {
        do {
            let d = try c.build()
            Issue.record("accepted \(d)")
        } catch let error as DistributionError {
            #expect(error.parameter == c.parameter, "\(error)")
            #expect(error.description.hasPrefix("\(c.parameter): "))
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test("sensible edge values are accepted")
    func acceptsEdges() throws {
        try Distribution.constant(0).validate()
        try Distribution.uniform(low: 2, high: 2).validate()
        try Distribution.truncatedNormal(mean: 0, stddev: 0).validate()
        try Distribution.truncatedNormal(mean: -2.9, stddev: 1).validate()
        try Distribution.lognormal(mu: -3, sigma: 0).validate()
        _ = try Distribution.lognormal(median: 1, p99: 1).validated()
        _ = try Distribution.lognormal(mean: 1, stddev: 0).validated()
        _ = try Distribution.empirical(values: [0]).validated()
    }
}
