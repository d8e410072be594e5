import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird HTTP/1.1 server on 127.0.0.1 at a port the kernel chose (bound to
/// port 0, never guessed), answering every method and path with one handler.
final class LoopbackServer: Sendable {
    /// The port the server listens on.
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    private init(port: Int, group: ServiceGroup, task: Task<Void, Never>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Starts the server and returns once it listens.
    static func start(name: String,
                      handler: @escaping @Sendable (Request) async -> Response) async throws -> LoopbackServer {
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "knsim.\(name)")
        // Stopping a server with requests still open logs at error level; a proxy that
        // stops is expected to cut them off.
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await handler(request) },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        // No signal handling here: real mode's supervisor owns SIGINT and SIGTERM.
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let task = Task {
            // Returns after shutdown, or at once if binding failed.
            try? await group.run()
            portSink.finish()
        }
        for await port in ports where port > 0 {
            return LoopbackServer(port: port, group: group, task: task)
        }
        task.cancel()
        throw LoopbackServerError.didNotStart(name)
    }

    /// Stops listening, lets requests in progress finish for at most `grace`, then
    /// cuts off the rest, and returns when the server is down.
    func stop(grace: Duration = .seconds(1)) async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let watchdog = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { task.cancel() }
        }
        await task.value
        watchdog.cancel()
    }
}

enum LoopbackServerError: Error, CustomStringConvertible {
    case didNotStart(String)

    var description: String { "the \(name) server did not start listening on 127.0.0.1" }
    private var name: String {
        switch self { case .didNotStart(let name): return name }
    }
}
