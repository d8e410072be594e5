import Hummingbird
import Logging
import NIOCore

/// A Hummingbird HTTP/1.1 server on 127.0.0.1 at a port the kernel chose (bound to
/// port 0, never guessed), answering every method and path with one handler.
final class LoopbackServer: Sendable {
    /// The port the server listens on.
    let port: Int
    private let task: Task<Void, Never>

    private init(port: Int, task: Task<Void, Never>) {
        self.port = port
        self.task = task
    }

    /// Starts the server and returns once it listens.
    static func start(name: String,
                      handler: @escaping @Sendable (Request) async -> Response) async throws -> LoopbackServer {
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "knsim.\(name)")
        logger.logLevel = .error
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await handler(request) },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        let task = Task {
            // Returns when the task is cancelled (graceful shutdown) or binding failed.
            try? await app.run()
            portSink.finish()
        }
        for await port in ports where port > 0 {
            return LoopbackServer(port: port, task: task)
        }
        task.cancel()
        throw LoopbackServerError.didNotStart(name)
    }

    /// Stops listening and waits for the server to shut down.
    func stop() async {
        task.cancel()
        await task.value
    }
}

enum LoopbackServerError: Error, CustomStringConvertible {
    case didNotStart(String)

    var description: String { "the \(name) server did not start listening on 127.0.0.1" }
    private var name: String {
        switch self { case .didNotStart(let name): return name }
    }
}
