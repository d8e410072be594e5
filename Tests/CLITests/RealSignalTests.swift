import Foundation
import Testing

/// Stopping `knsim real` mid-run with SIGINT (Ctrl-C) or SIGTERM ends every pod process
/// it started, checked in the process table. The pods run through a wrapper that drops
/// knsim-fn's `--exit-on-stdin-eof`, so a pod left behind would stay alive: only knsim's
/// own shutdown can end them. Async, sleeping with Task.sleep: a test that blocks its
/// thread starves the other suites' async tests on a 2-core machine.
@Suite(.serialized) struct RealSignalTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalMidRunLeavesNoPodProcess(_ signal: Int32) async throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
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
        var pods: [ProcessTable.Entry] = []
        let deadline = Date().addingTimeInterval(15)
        while pods.isEmpty && Date() < deadline && process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            pods = ProcessTable.entries().filter { $0.name == "knsim-fn" && $0.parent == process.processIdentifier }
        }
        defer { for pod in pods { kill(pod.pid, SIGKILL) } }  // only if the test fails
        try #require(!pods.isEmpty, "knsim started no pod process")
        #expect(pods.allSatisfy { $0.group == $0.pid }, "each pod leads its own process group")
        try await Task.sleep(for: .seconds(1))

        #expect(kill(process.processIdentifier, signal) == 0)
        let exitDeadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < exitDeadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()

        let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        #expect(process.terminationReason == .exit, "knsim was killed by the signal instead of handling it")
        #expect(process.terminationStatus == 3, "\(stderr)")
        #expect(stderr.contains("interrupted"))
        let groups = Set(pods.map(\.group))
        let left = ProcessTable.entries().filter { groups.contains($0.group) && $0.state != "Z" }
        #expect(left.isEmpty, "left behind: \(left)")
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
