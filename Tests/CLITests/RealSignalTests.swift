import Foundation
import Testing

/// Stopping `knsim real` mid-run with SIGINT (Ctrl-C) or SIGTERM ends every pod process
/// it started, checked in the process table. The pods run through a wrapper that drops
/// knsim-fn's `--exit-on-stdin-eof`, so a pod left behind would stay alive: only knsim's
/// own shutdown can end them.
@Suite(.serialized) struct RealSignalTests {
    /// What one run showed; gathered on a thread of its own (see `observe`).
    struct Observation: Sendable {
        var pods: [ProcessTable.Entry] = []
        var signalled = false
        var reason: Process.TerminationReason = .exit
        var status: Int32 = 0
        var stderr = ""
        var left: [ProcessTable.Entry] = []
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalMidRunLeavesNoPodProcess(_ signal: Int32) async throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seen = try await Self.onOwnThread { try Self.observe(signal: signal, in: folder) }
        #expect(!seen.pods.isEmpty, "knsim started no pod process (status \(seen.status)): \(seen.stderr)")
        #expect(seen.pods.allSatisfy { $0.group == $0.pid }, "each pod leads its own process group")
        #expect(seen.signalled, "knsim had ended before the signal (status \(seen.status))")
        #expect(seen.reason == .exit, "knsim was killed by the signal instead of handling it")
        #expect(seen.status == 3, "\(seen.stderr)")
        #expect(seen.stderr.contains("interrupted"))
        #expect(seen.left.isEmpty, "left behind: \(seen.left)")
    }

    /// Starts `knsim real`, waits for its first pod, signals it, and looks for anything
    /// left in the pods' process groups. Synchronous, with real sleeps: it runs on its
    /// own thread (`onOwnThread`), so neither can it starve the other suites' async
    /// tests nor can they delay its signal past the run's end.
    static func observe(signal: Int32, in folder: URL) throws -> Observation {
        let knsimFn = KnsimProcess.executable.deletingLastPathComponent().appendingPathComponent("knsim-fn").path
        let wrapper = folder.appendingPathComponent("stubborn-fn.sh")
        try """
            #!/bin/sh
            # knsim-fn without --exit-on-stdin-eof: it outlives knsim unless knsim stops it.
            for a; do shift; [ "$a" = --exit-on-stdin-eof ] || set -- "$@" "$a"; done
            exec '\(knsimFn)' "$@"
            """.write(to: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)

        let scenario = KnsimProcess.packageRoot.appendingPathComponent("scenarios/validation/scale-from-zero-small.yaml")
        let process = Process()
        process.executableURL = KnsimProcess.executable
        process.arguments = ["real", scenario.path, "--out", folder.appendingPathComponent("out").path,
                             "--function", wrapper.path]
        process.currentDirectoryURL = folder
        let stderrFile = folder.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // Wait for knsim's first pod (load starts at 2 s), then let it serve a little.
        var seen = Observation()
        let deadline = Date().addingTimeInterval(20)
        while seen.pods.isEmpty && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.1)
            seen.pods = ProcessTable.entries().filter { $0.name == "knsim-fn" && $0.parent == process.processIdentifier }
        }
        Thread.sleep(forTimeInterval: 1)
        if process.isRunning && !seen.pods.isEmpty {
            seen.signalled = kill(process.processIdentifier, signal) == 0
        }
        let exitDeadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < exitDeadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()

        seen.reason = process.terminationReason
        seen.status = process.terminationStatus
        seen.stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        let groups = Set(seen.pods.map(\.group))
        seen.left = ProcessTable.entries().filter { groups.contains($0.group) && $0.state != "Z" }
        for pod in seen.left { kill(pod.pid, SIGKILL) }  // only when the test fails
        return seen
    }

    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}

/// The processes in /proc, as far as these tests need them.
enum ProcessTable {
    struct Entry: Sendable, CustomStringConvertible {
        var pid: Int32
        var name: String
        var state: String
        var parent: Int32
        var group: Int32
        var description: String { "\(name)[\(pid)] state \(state) parent \(parent) group \(group)" }
    }

    static func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).compactMap { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            // pid (comm) state ppid pgrp …; comm may hold spaces, so split after ")".
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            guard fields.count > 2, let parent = Int32(fields[1]), let group = Int32(fields[2]) else { return nil }
            return Entry(pid: pid, name: String(stat[stat.index(after: open)..<close]), state: String(fields[0]),
                         parent: parent, group: group)
        }
    }
}
