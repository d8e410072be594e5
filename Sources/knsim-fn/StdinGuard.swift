import Foundation

/// Ends the process when standard input reaches end-of-file. The supervisor holds the
/// other end of the pipe; if it dies, even by SIGKILL, the kernel closes it and the pod
/// follows instead of lingering as an orphan.
enum StdinGuard {
    static func start() {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 256)
            while true {
                let n = read(0, &buffer, buffer.count)
                if n == 0 { exit(0) }
                if n < 0 && errno != EINTR { exit(0) }
            }
        }
        thread.start()
    }
}
