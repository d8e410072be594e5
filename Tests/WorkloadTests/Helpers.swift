import Engine
import Foundation
import Testing
import Workload

/// A stream for a test, named like the cluster model names its arrival streams.
func stream(_ seed: UInt64, _ name: String = "arrivals/test") -> RandomStream {
    RandomStreams(seed: seed).stream(named: name)
}

/// Every arrival before `end`, asking the way the cluster model does: first from
/// `start`, then from each arrival.
func arrivals<P: ArrivalProcess>(_ process: P, until end: SimTime, start: SimTime = .zero,
                                 using random: RandomStream) -> [SimTime] {
    var process = process
    var out: [SimTime] = []
    var now = start
    while let t = process.nextArrival(after: now, using: random), t < end {
        guard t >= now else { Issue.record("arrival went back in time: \(t) after \(now)"); break }
        // A broken process can stall at one instant for ever; fail instead of hanging.
        guard out.count < 5_000_000 else { Issue.record("more than 5 million arrivals: stalled?"); break }
        out.append(t)
        now = t
    }
    return out
}

/// Counts per window of `width` seconds over [0, windows × width).
func counts(_ times: [SimTime], width: Double, windows: Int) -> [Int] {
    var c = [Int](repeating: 0, count: windows)
    for t in times {
        let i = Int(t.seconds / width)
        if i < windows { c[i] += 1 }
    }
    return c
}

func mean(_ xs: [Int]) -> Double { Double(xs.reduce(0, +)) / Double(xs.count) }

func variance(_ xs: [Int]) -> Double {
    let m = mean(xs)
    return xs.reduce(0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(xs.count - 1)
}

/// |observed − expected| within `sigmas` Poisson standard deviations.
func withinPoissonNoise(_ observed: Int, expected: Double, sigmas: Double = 4) -> Bool {
    abs(Double(observed) - expected) <= sigmas * max(expected, 1).squareRoot()
}

let tracesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scenarios/traces").path

func tracePath(_ name: String) -> String { tracesDirectory + "/" + name }

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "trace.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("knsim-workload-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// A simple CSV split for cross-checking the loaders (trusted because it is trivial).
func rows(_ path: String) throws -> [[String]] {
    try String(contentsOfFile: path, encoding: .utf8)
        .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}
