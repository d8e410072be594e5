import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The smallest real proxy hop: a Hummingbird server on 127.0.0.1 that forwards each
/// request's path and knsim headers to `upstream` with AsyncHTTPClient and relays the
/// answer. Calibration times it; it is the same machinery the real proxies use.
struct PassThroughHop {
    let upstream: String
    let client: HTTPClient

    /// Runs the hop until `body` returns; `body` gets the hop's URL.
    func serve<R: Sendable>(_ body: @Sendable (String) async throws -> R) async throws -> R {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let upstream = self.upstream, client = self.client
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var forwarded = HTTPClientRequest(url: upstream + request.uri.description)
            for field in request.headers where field.name.canonicalName.hasPrefix("x-knsim-") {
                forwarded.headers.add(name: field.name.rawName, value: field.value)
            }
            let answer = try await client.execute(forwarded, timeout: .seconds(30))
            let bytes = try await answer.body.collect(upTo: 1 << 20)
            var response = Response(status: .init(code: Int(answer.status.code)), body: .init(byteBuffer: bytes))
            for header in answer.headers where header.name.lowercased().hasPrefix("x-knsim-") {
                if let name = HTTPField.Name(header.name) { response.headers[name] = header.value }
            }
            return response
        }
        var logger = Logger(label: "knsim-calibrate-hop")
        // Cancelling the server task at the end is how it stops; its shutdown notes are noise.
        logger.logLevel = .critical
        let app = Application(responder: responder,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              },
                              logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw RealModeError.noFreePort }
        let result = try await body("http://127.0.0.1:\(port)")
        server.cancel()
        _ = await server.result
        return result
    }
}
