import Engine
import Testing
@testable import Scenario

struct DurationSyntaxTests {
    static let good: [(text: String, nanoseconds: Int64)] = [
        ("250ms", 250_000_000),
        ("30s", 30_000_000_000),
        ("10m", 600_000_000_000),
        ("1h", 3_600_000_000_000),
        ("1.5s", 1_500_000_000),
        ("100us", 100_000),
        ("100µs", 100_000),
        ("500ns", 500),
        ("1m30s", 90_000_000_000),
        ("1h2m3s4ms", 3_723_004_000_000),
        ("0.5ms", 500_000),
        (".5s", 500_000_000),
        ("30", 30_000_000_000),       // a plain number is seconds
        ("0.25", 250_000_000),
        ("0", 0),
        ("0s", 0),
        ("1e3", 1_000_000_000_000),
        ("+2s", 2_000_000_000),
        (" 2s ", 2_000_000_000),
    ]

    @Test(arguments: good)
    func parses(text: String, nanoseconds: Int64) throws {
        #expect(try DurationSyntax.parse(text) == SimDuration(nanoseconds: nanoseconds))
    }

    static let bad: [(text: String, message: String)] = [
        ("-1s", #"must not be negative, got "-1s""#),
        ("-5", #"must not be negative, got "-5""#),
        ("abc", #"must be a duration such as 250ms, 30s or 1m30s, got "abc""#),
        ("", "must be a duration such as 250ms, 30s or 1m30s, got an empty value"),
        ("5sec", #"unknown unit "sec" (use ns, us, ms, s, m or h), got "5sec""#),
        ("1d", #"unknown unit "d" (use ns, us, ms, s, m or h), got "1d""#),
        ("1m30", #"needs a unit after 30 (ns, us, ms, s, m or h), got "1m30""#),
        ("s", #"must be a duration such as 250ms, 30s or 1m30s, got "s""#),
        ("1..5s", #"must be a duration such as 250ms, 30s or 1m30s, got "1..5s""#),
        ("inf", #"must be a duration such as 250ms, 30s or 1m30s, got "inf""#),
        ("3000000h", #"is too long (the longest is about 292 years), got "3000000h""#),
    ]

    @Test(arguments: bad)
    func rejects(text: String, message: String) {
        #expect(throws: ValueSyntaxError(message)) { try DurationSyntax.parse(text) }
    }

    @Test(arguments: ["0s", "250ms", "100us", "500ns", "1.5s", "1m30s", "2h", "1h0m0.001s", "1h1m", "59.999999999s"])
    func formatsToTextThatParsesBack(text: String) throws {
        let duration = try DurationSyntax.parse(text)
        #expect(try DurationSyntax.parse(DurationSyntax.format(duration)) == duration)
    }

    @Test func formatsCanonically() {
        #expect(DurationSyntax.format(.wholeSeconds(90)) == "1m30s")
        #expect(DurationSyntax.format(.milliseconds(250)) == "250ms")
        #expect(DurationSyntax.format(SimDuration(nanoseconds: 1_500_000_000)) == "1.5s")
        #expect(DurationSyntax.format(.wholeSeconds(3600)) == "1h")
        #expect(DurationSyntax.format(.zero) == "0s")
    }
}

struct QuantityTests {
    static let good: [(text: String, value: Double)] = [
        ("500m", 0.5),
        ("2", 2),
        ("0.5", 0.5),
        ("3500m", 3.5),
        ("256Mi", 256 * 1024 * 1024),
        ("1Gi", 1_073_741_824),
        ("7.5Gi", 7.5 * 1_073_741_824),
        ("1G", 1e9),
        ("100k", 100_000),
        ("1Ki", 1024),
        ("1Ti", 1_099_511_627_776),
        ("2Ei", 2 * 1_152_921_504_606_846_976),
        ("1M", 1e6),
        ("1E", 1e18),
        ("1e3", 1000),
        ("1E3", 1000),
        ("5e-1", 0.5),
        ("250u", 0.00025),
        ("10n", 1e-8),
        ("+1", 1),
    ]

    @Test(arguments: good)
    func parses(text: String, value: Double) throws {
        let quantity = try Quantity(parsing: text)
        #expect(abs(quantity.value - value) <= 1e-12 * max(1, value))
        #expect(quantity.text == text)
    }

    static let bad: [(text: String, message: String)] = [
        ("-1", #"must not be negative, got "-1""#),
        ("1K", #"unknown suffix "K" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "1K""#),
        ("1gi", #"unknown suffix "gi" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "1gi""#),
        ("1 Gi", #"unknown suffix " Gi" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "1 Gi""#),
        ("1e", #"unknown suffix "e" (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got "1e""#),
        ("Gi", #"must be a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, got "Gi""#),
        ("lots", #"must be a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, got "lots""#),
        ("", "must be a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, got an empty value"),
        ("1e999", #"is too large, got "1e999""#),
    ]

    @Test(arguments: bad)
    func rejects(text: String, message: String) {
        #expect(throws: ValueSyntaxError(message)) { try Quantity(parsing: text) }
    }
}

struct SmallPiecesTests {
    @Test(arguments: [
        ("servces", "services"), ("Services", "services"), ("node_pools", "node-pools"),
        ("nodePools", "node-pools"), ("containerConcurrency", "container-concurrency"),
        ("duraton", "duration"), ("wramup", "warmup"),
    ])
    func suggestsTheIntendedKey(typo: String, intended: String) {
        #expect(KeySuggestion.closest(to: typo, among: Scenario.keys + RevisionConfig.keys + ClusterConfig.keys) == intended)
    }

    @Test(arguments: ["banana", "x", "qqqq"])
    func suggestsNothingForStrangers(word: String) {
        #expect(KeySuggestion.closest(to: word, among: Scenario.keys) == nil)
    }

    @Test func rendersFieldPaths() {
        let path = FieldPath.root.appending(key: "services").appending(index: 0).appending(key: "revisions")
            .appending(index: 1).appending(key: "annotations").appending(key: "autoscaling.knative.dev/min-scale")
        #expect(path.description == #"services[0].revisions[1].annotations["autoscaling.knative.dev/min-scale"]"#)
        #expect(FieldPath.root.description == "")
    }

    @Test func errorIsOneLineInCompilerShape() {
        let error = ScenarioError(file: "s.yaml", line: 3, column: 5, path: "a.b", message: "bad\nthing")
        #expect(error.description == "s.yaml:3:5: a.b: bad thing")
        #expect(ScenarioError(file: "s.yaml", message: "no such file").description == "s.yaml: no such file")
    }

    @Test(arguments: [
        ("ok-name", nil), ("a", nil), ("1abc", nil),
        ("Upper", #"must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), got "Upper""#),
        ("-x", #"must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), got "-x""#),
        ("a_b", #"must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), got "a_b""#),
    ] as [(String, String?)])
    func checksDNSLabels(name: String, problem: String?) {
        #expect(DNSLabel.problem(with: name) == problem)
    }
}
