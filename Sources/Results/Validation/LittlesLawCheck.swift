import Scenario

/// Little's law, L = λW, for one scenario: the ratio L / (λW) over replications
/// (seeds seed, seed+1, …) must be 1. Any model, any scenario: the runner is the
/// caller's (`knsim` passes the one `knsim run` uses).
public struct LittlesLawCheck: ValidationCheck {
    public typealias Runner = @Sendable (_ scenario: Scenario, _ file: String, _ seed: UInt64) throws -> Summary

    public var scenario: Scenario
    public var file: String
    public var run: Runner

    public init(scenario: Scenario, file: String, run: @escaping Runner) {
        self.scenario = scenario
        self.file = file
        self.run = run
    }

    public func rows(replications: Int) throws -> [ValidationRow] {
        var ratios: [Double] = []
        for r in 0..<replications {
            let law = try run(scenario, file, scenario.seed &+ UInt64(r)).littlesLaw
            let predicted = law.arrivalRate * law.meanTimeInSystem
            ratios.append(predicted > 0 ? law.meanInSystem / predicted : 1)
        }
        return [ValidationRow(quantity: "Little's law L/(λW), \(scenario.name)", theory: 1, replications: ratios)]
    }
}

/// The whole suite.
public enum ModelValidation {
    /// The queueing checks of the fixed pool (`requestsPerReplication` sizes them) and
    /// the keep-alive formula checks (fixed sizes, see `KeepAliveModelCheck`).
    /// Little's-law rows are added per scenario by the caller.
    public static func standardChecks(requestsPerReplication: Double = 200_000) -> [any ValidationCheck] {
        [ErlangCCheck(requestsPerReplication: requestsPerReplication),
         BlockingCheck(requestsPerReplication: requestsPerReplication),
         KeepAliveModelCheck()]
    }

    public static func run(_ checks: [any ValidationCheck], replications: Int) throws -> [ValidationRow] {
        var rows: [ValidationRow] = []
        for check in checks { rows += try check.rows(replications: replications) }
        return rows
    }
}
