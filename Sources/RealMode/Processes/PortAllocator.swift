import Foundation
import Synchronization

/// Hands out free TCP ports on 127.0.0.1 by binding to port 0 and reading back the
/// port the kernel chose — never by guessing. The socket is closed before the port is
/// handed out (the child must bind it itself), so the allocator remembers the ports it
/// recently gave so that two pods starting together never get the same one; a stale
/// process that grabbed the port anyway is caught by the probe's pid check.
public final class PortAllocator: Sendable {
    private let recent = Mutex<[Int]>([])
    private let memory: Int

    /// `memory`: how many recently handed-out ports are refused if the kernel offers
    /// them again.
    public init(memory: Int = 256) { self.memory = memory }

    public func allocate() throws -> Int {
        for _ in 0..<32 {
            let port = try Self.bindZero()
            let fresh = recent.withLock { ports -> Bool in
                if ports.contains(port) { return false }
                ports.append(port)
                if ports.count > memory { ports.removeFirst(ports.count - memory) }
                return true
            }
            if fresh { return port }
        }
        throw RealModeError.noFreePort
    }

    /// Binds a fresh loopback socket to port 0 and returns the port the kernel gave it.
    static func bindZero() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RealModeError.system("socket", errno) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw RealModeError.system("bind", errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw RealModeError.system("getsockname", errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
