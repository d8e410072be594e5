import Foundation

/// How a child process ended.
public enum ProcessExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let signal): return "was killed by signal \(signal)"
        }
    }
}

/// A child process in a process group of its own, spawned with posix_spawn.
///
/// Why not swift-subprocess: its API scopes a child's life to one closure call, while
/// a pod lives across many calls (start, probe, stop, crash) and needs its pid, its
/// group and signals to the group. Why not Foundation.Process: it reaps children
/// through a SIGCHLD handler of its own; here one thread per child blocks in
/// `waitpid` on exactly that pid, so nothing else's children are touched.
///
/// The child's standard input is a pipe whose write end only the supervisor holds
/// (close-on-exec, so sibling pods do not inherit it): when the supervisor dies the
/// pipe closes, which knsim-fn watches for.
final class ChildProcess: Sendable {
    let pid: pid_t
    /// The group is the child's own (its pid), so signals reach its children too.
    var processGroup: pid_t { pid }
    private let stdinWriteEnd: Int32
    private let exitTask: Task<ProcessExit, Never>

    init(_ command: PodCommand, port: Int) throws {
        var fds: [Int32] = [-1, -1]
        // pipe2(O_CLOEXEC) is not visible to Swift here; set the flag right after.
        guard pipe(&fds) == 0 else { throw RealModeError.system("pipe", errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(fds[0]) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        let output = command.logFile ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group; default handlers for the signals a supervisor may ignore
        // (ignored dispositions survive exec); nothing blocked.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)

        var environment = ProcessInfo.processInfo.environment
        for (key, value) in command.environment { environment[key] = value }
        environment["PORT"] = String(port)
        // Sorted so the child's environment does not depend on hash order.
        let envStrings = environment.keys.sorted().map { "\($0)=\(environment[$0]!)" }
        let argStrings = [command.executable] + command.arguments

        var pid: pid_t = 0
        let result = Self.withCStrings(argStrings) { argv in
            Self.withCStrings(envStrings) { envp in
                posix_spawnp(&pid, command.executable, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else {
            close(fds[1])
            throw RealModeError.spawnFailed(command: command.executable, errno: result)
        }
        let spawned = pid
        self.pid = spawned
        stdinWriteEnd = fds[1]
        exitTask = Task.detached { await Self.waitForExit(spawned) }
    }

    deinit { close(stdinWriteEnd) }

    /// Waits for the child to end (any number of callers).
    var exit: ProcessExit { get async { await exitTask.value } }

    /// Sends `signal` to every process of the child's group.
    @discardableResult
    func signalGroup(_ signal: Int32) -> Bool { kill(-processGroup, signal) == 0 }

    /// Whether any live process of the group is still there. A killed grandchild
    /// whose parent is gone stays a zombie until init reaps it; it runs nothing and
    /// holds nothing, so on Linux (/proc) zombies are not counted.
    var processGroupAlive: Bool {
        guard kill(-processGroup, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
        return Self.liveMembers(ofGroup: processGroup) > 0
        #else
        return true
        #endif
    }

    /// Processes in `group` that are not zombies, from /proc/<pid>/stat (fields after
    /// the parenthesised name: state, ppid, pgrp, ...).
    static func liveMembers(ofGroup group: pid_t) -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 1 }
        var count = 0
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count >= 3, let pgrp = Int32(fields[2]), pgrp == group else { continue }
            if fields[0] != "Z" && fields[0] != "X" { count += 1 }
        }
        return count
    }

    /// One thread blocks in waitpid on this pid; when the leader ends, whatever else is
    /// left in its group is killed, so no grandchild outlives its pod.
    private static func waitForExit(_ pid: pid_t) async -> ProcessExit {
        await withCheckedContinuation { (continuation: CheckedContinuation<ProcessExit, Never>) in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                kill(-pid, SIGKILL)
                let low = status & 0x7f
                continuation.resume(returning: low == 0 ? .exited((status >> 8) & 0xff) : .signalled(low))
            }
            thread.stackSize = 64 << 10
            thread.start()
        }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
