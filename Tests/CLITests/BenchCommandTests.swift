import Testing

/// `knsim bench` prints figures rather than asserting them (the machines are shared);
/// this only checks that a section runs and prints its table.
@Suite struct BenchCommandTests {
    @Test func aSectionRunsAndPrintsItsTable() throws {
        let outcome = try KnsimProcess.run(["bench", "--quick", "--only", "data-plane"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("0 ") || $0.hasPrefix("1 ") || $0.hasPrefix("10 ") }
        #expect(rows.count == 3, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("requests/CPU-s"))
    }

    /// The sections that were env-gated tests before: each prints its rows.
    @Test(arguments: [("kpa", ["linear ", "weighted-exponential "]), ("cluster", ["10 ", "100 "]),
                      ("workload", ["poisson ", "poisson, direct "])])
    func formerTestBenchmarksRunAsSections(section: String, rowPrefixes: [String]) throws {
        let outcome = try KnsimProcess.run(["bench", "--quick", "--only", section])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        for prefix in rowPrefixes {
            #expect(lines.contains { $0.hasPrefix(prefix) }, "\(section): no row \(prefix) in \(outcome.stdout)")
        }
    }

    @Test func anUnknownSectionIsBadInput() throws {
        let outcome = try KnsimProcess.run(["bench", "--only", "everything"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("everything"))
    }
}
