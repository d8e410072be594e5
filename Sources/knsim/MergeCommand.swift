import ArgumentParser
import Foundation
import Results

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial results of a sharded `knsim compare`.",
        discussion: """
            Reads shard-I-of-N.json files written by `knsim compare --shard I/N` and writes \
            the same comparison.csv and comparison.md as an unsharded run would. Every run \
            must be present exactly once.
            """
    )

    @Argument(help: "The partial result files (shard-I-of-N.json).")
    var partials: [String]

    @Option(help: "Folder for the results (default: results/<scenario name>/compare).")
    var out: String?

    func run() throws {
        guard !partials.isEmpty else { throw KnsimFailure.badInput("give the partial result files to merge") }
        var files: [(name: String, contents: Data)] = []
        for path in partials {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KnsimFailure.badInput("\(path): cannot be read (no such file, or no permission)")
            }
            files.append((path, data))
        }
        let (plan, runs) = try badInput { () throws(ComparisonInputError) in try ComparisonPartial.merge(files) }
        let destination = URL(fileURLWithPath: out ?? "results/\(plan.scenario)/compare")
        try writeComparison(ComparisonTable(plan: plan, runs: runs), to: destination)
    }
}
