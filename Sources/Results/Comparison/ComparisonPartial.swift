import Foundation

/// What one shard of a sharded comparison writes: the plan (identical in every shard)
/// and the metric values of the runs it executed. `merge` checks that a set of
/// partials covers every run exactly once and returns what an unsharded run measures.
public struct ComparisonPartial: Sendable, Codable, Equatable {
    public static let currentFormat = "knsim-compare-partial/1"

    public var format: String
    public var plan: ComparisonPlan
    public var shard: Shard
    public var runs: [RunMeasurement]

    public init(plan: ComparisonPlan, shard: Shard, runs: [RunMeasurement]) {
        self.format = Self.currentFormat
        self.plan = plan
        self.shard = shard
        self.runs = runs
    }

    /// `shard-I-of-N.json`.
    public static func fileName(for shard: Shard) -> String { "shard-\(shard.index)-of-\(shard.count).json" }

    /// Sorted keys and a fixed layout: the same runs give the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Decodes the partial files (`name` is how messages refer to each) and returns
    /// their common plan with every run, in index order.
    public static func merge(_ files: [(name: String, contents: Data)]) throws(ComparisonInputError) -> (ComparisonPlan, [RunMeasurement]) {
        guard !files.isEmpty else { throw ComparisonInputError("no partial result files to merge") }
        var partials: [(name: String, partial: ComparisonPartial)] = []
        for file in files {
            let partial: ComparisonPartial
            do {
                partial = try JSONDecoder().decode(ComparisonPartial.self, from: file.contents)
            } catch {
                throw ComparisonInputError("\(file.name): not a knsim compare partial result (\(Self.reason(error)))")
            }
            guard partial.format == currentFormat else {
                throw ComparisonInputError("\(file.name): format \"\(partial.format)\", expected \"\(currentFormat)\"")
            }
            partials.append((file.name, partial))
        }
        let (firstName, first) = partials[0]
        var owner: [Int: String] = [:]
        var runs: [RunMeasurement?] = Array(repeating: nil, count: first.plan.runCount)
        for (name, partial) in partials {
            guard partial.plan == first.plan else {
                throw ComparisonInputError("\(name): comes from another comparison than \(firstName) (scenario, variants, seeds or replications differ)")
            }
            guard partial.shard.count == first.shard.count else {
                throw ComparisonInputError("\(name): is shard \(partial.shard) but \(firstName) is shard \(first.shard); all shards must share N")
            }
            for run in partial.runs {
                guard runs.indices.contains(run.index), run.index % partial.shard.count == partial.shard.index else {
                    throw ComparisonInputError("\(name): run \(run.index) does not belong to shard \(partial.shard)")
                }
                if let other = owner[run.index] {
                    throw ComparisonInputError("\(name): run \(run.index) (\(run.variant), replication \(run.replication)) is also in \(other); each run may be merged once")
                }
                owner[run.index] = name
                runs[run.index] = run
            }
        }
        let count = first.shard.count
        for index in runs.indices where runs[index] == nil {
            let shard = index % count
            let holder = partials.first { $0.partial.shard.index == shard }?.name
            let variant = first.plan.variants[first.plan.variantIndex(ofRun: index)].name
            let run = "run \(index) (\(variant), replication \(first.plan.replication(ofRun: index)))"
            if let holder {
                throw ComparisonInputError("\(holder): lacks \(run), which shard \(shard)/\(count) should hold")
            }
            throw ComparisonInputError("\(run) is missing: no file for shard \(shard)/\(count) (expected \(fileName(for: try Shard(index: shard, count: count))))")
        }
        return (first.plan, runs.map { $0! })
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.debugDescription
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        default: return "\(error)"
        }
    }
}
