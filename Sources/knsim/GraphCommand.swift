import ArgumentParser
import Foundation
import Results

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a run's service call graph (Graphviz DOT, and SVG when dot is installed).",
        discussion: """
            Reads RESULT_DIR/summary.json from a run with calls between services and writes \
            the graph: services and their revisions as nodes, calls as edges labelled with \
            rate, p95 latency and error share; edges where at least 1% of calls met a cold \
            start are drawn thick and red. With Graphviz's dot on PATH (Debian package \
            graphviz), an SVG is written next to the DOT file.
            """
    )

    @Argument(help: "A result directory written by knsim run.")
    var resultDirectory: String

    @Option(help: "The DOT file to write (default: RESULT_DIR/graph.dot); the SVG gets the same name with .svg.")
    var out: String?

    func run() throws {
        let directory = URL(fileURLWithPath: resultDirectory)
        let summaryFile = directory.appendingPathComponent("summary.json")
        let summary: Summary
        do {
            summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: summaryFile))
        } catch {
            throw KnsimFailure.badInput("\(summaryFile.path): not a readable knsim summary.json (\(error.localizedDescription))")
        }
        guard summary.edges != nil else {
            throw KnsimFailure.badInput("\(summaryFile.path): the run has no calls between services, so no graph to draw")
        }
        let dotFile = URL(fileURLWithPath: out ?? directory.appendingPathComponent("graph.dot").path)
        do {
            try Data(ServiceGraph.dot(summary).utf8).write(to: dotFile, options: .atomic)
        } catch {
            throw KnsimFailure.badInput("cannot write \(dotFile.path): \(error.localizedDescription)")
        }
        print("graph     \(dotFile.path)")
        guard let dot = Self.executable(named: "dot") else {
            print("          (no SVG: Graphviz's dot is not on PATH; install the graphviz package)")
            return
        }
        let svgFile = dotFile.deletingPathExtension().appendingPathExtension("svg")
        let process = Process()
        process.executableURL = dot
        process.arguments = ["-Tsvg", dotFile.path, "-o", svgFile.path]
        do { try process.run() } catch {
            throw KnsimFailure.badInput("cannot run \(dot.path): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw KnsimFailure.badInput("dot failed (status \(process.terminationStatus)) on \(dotFile.path)")
        }
        print("svg       \(svgFile.path)")
    }

    static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
