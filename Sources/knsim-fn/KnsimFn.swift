import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging

/// knsim-fn: the HTTP function server real mode starts as a pod.
///
/// `GET /healthz` is the readiness probe: 503 until the initialisation delay has
/// passed, then 200 with the server's pid (in the body and in `X-Knsim-Pid`), so that a
/// prober can tell this process from a stale one on a reused port. Every other request
/// does the work its headers ask for (`X-Knsim-Service-Time` seconds of `X-Knsim-Work`,
/// sleep or cpu) and answers 200. A request with an `X-Knsim-Calls` plan also makes
/// the downstream calls it describes through the ingress (`--ingress`), and answers
/// with their records in `X-Knsim-Edges` (`CallExecutor`). SIGTERM drains: the
/// listener closes, requests in flight finish, then the process exits 0.
@main
struct KnsimFn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knsim-fn",
        abstract: "A small HTTP function server that knsim's real mode starts as a pod.")

    @Option(help: "Port to listen on (default: the PORT environment variable, as Knative sets it).")
    var port: Int?

    @Option(help: "Address to listen on. Real mode uses loopback only.")
    var host = "127.0.0.1"

    @Option(name: .customLong("init-delay"), help: "Seconds after start before /healthz answers 200.")
    var initDelay = 0.0

    @Option(help: "Work a request does when it names none: sleep or cpu.")
    var work = FunctionWork.sleep

    @Option(help: "URL of the ingress that downstream calls go to (default: the KNSIM_INGRESS environment variable; without either, a request whose X-Knsim-Calls plan makes calls fails).")
    var ingress: String?

    @Flag(name: .customLong("exit-on-stdin-eof"),
          help: "Exit when standard input reaches end-of-file (the supervisor died and its pipe closed).")
    var exitOnStdinEOF = false

    func validate() throws {
        guard initDelay >= 0, initDelay.isFinite else { throw ValidationError("--init-delay must be a number of seconds >= 0") }
        _ = try resolvedPort()
    }

    func resolvedPort() throws -> Int {
        if let port {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535, got \(port)") }
            return port
        }
        guard let text = ProcessInfo.processInfo.environment["PORT"] else {
            throw ValidationError("give --port, or set the PORT environment variable")
        }
        guard let value = Int(text), (1...65535).contains(value) else {
            throw ValidationError("PORT must be a port number from 1 to 65535, got \"\(text)\"")
        }
        return value
    }

    func run() async throws {
        if exitOnStdinEOF { StdinGuard.start() }
        let client = Self.makeClient()
        let target = ingress ?? ProcessInfo.processInfo.environment["KNSIM_INGRESS"]
        let responder = FunctionResponder(
            readyAt: ContinuousClock.now.advanced(by: .nanoseconds(Int64((initDelay * 1e9).rounded()))),
            defaultWork: work, pid: getpid(),
            calls: target.map { CallExecutor(ingress: $0, client: client) })
        var logger = Logger(label: "knsim-fn")
        logger.logLevel = .warning
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: try resolvedPort()), serverName: "knsim-fn"),
            logger: logger)
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }

    /// A client for calls on loopback: a pool that never queues calls itself (the
    /// proxies' breakers must be the only queues) and no retry of a refused connection.
    static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(2)
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
