import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import Serving
@testable import RealMode

/// A tiny in-process stand-in for knsim-fn honouring its contract (`GET /healthz`,
/// `X-Knsim-Service-Time` seconds of sleep), which also records what it saw and can
/// hold requests until the test releases them (`X-Test-Hold: 1`).
final class TestUpstream: Sendable {
    static let hold = HTTPField.Name("X-Test-Hold")!

    actor State {
        var current = 0
        var maximum = 0
        var served = 0
        var revisions: [String] = []
        var proxied = 0
        private var held: [CheckedContinuation<Void, Never>] = []

        func enter(_ headers: HTTPFields) {
            current += 1
            maximum = max(maximum, current)
            revisions.append(headers[ProxyHeader.revision] ?? "-")
            if headers[ProxyHeader.proxied] == "1" { proxied += 1 }
        }
        func leave() { current -= 1; served += 1 }
        func waitForRelease() async { await withCheckedContinuation { held.append($0) } }
        var heldCount: Int { held.count }
        func releaseAll() {
            for waiter in held { waiter.resume() }
            held.removeAll()
        }
    }

    let state: State
    let server: LoopbackServer
    var port: Int { server.port }

    private init(server: LoopbackServer, state: State) {
        self.server = server
        self.state = state
    }

    static func start() async throws -> TestUpstream {
        let state = State()
        let server = try await LoopbackServer.start(name: "test-upstream") { request in
            if request.head.path == "/healthz" { return Response(status: .ok) }
            await state.enter(request.headers)
            if request.headers[hold] == "1" {
                await state.waitForRelease()
            } else if let seconds = request.headers[ProxyHeader.serviceTime].flatMap(Double.init), seconds > 0 {
                try? await Task.sleep(for: .seconds(seconds))
            }
            await state.leave()
            var headers = HTTPFields()
            headers[ProxyHeader.requestID] = request.headers[ProxyHeader.requestID] ?? ""
            return Response(status: .ok, headers: headers)
        }
        return TestUpstream(server: server, state: state)
    }

    func stop() async { await server.stop() }
}

/// What a test request got back.
struct TestReply: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var failure: FailureReason? { headers.first(name: "X-Knsim-Failure").flatMap(FailureReason.init(name:)) }
    var cold: Bool { headers.first(name: "X-Knsim-Cold") == "1" }
}

/// Sends one GET to 127.0.0.1:`port`.
func send(_ client: HTTPClient, port: Int, headers: [(String, String)] = []) async throws -> TestReply {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/")
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await client.execute(request, timeout: .seconds(10))
    _ = try await response.body.collect(upTo: 1 << 20)
    return TestReply(status: Int(response.status.code), headers: response.headers)
}

/// Waits until `condition` holds (at most 5 s); returns whether it did. Not a timing
/// assertion: it only waits for asynchronous state to settle.
func eventually(_ condition: () async -> Bool) async -> Bool {
    for _ in 0..<1000 {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}

/// Runs `body` with a proxy client and a test client, shutting both down after.
func withClients(_ body: (_ proxies: HTTPClient, _ tester: HTTPClient) async throws -> Void) async throws {
    let proxies = ProxyHTTPClient.make(connectTimeout: .milliseconds(200))
    let tester = ProxyHTTPClient.make()
    do {
        try await body(proxies, tester)
    } catch {
        try? await proxies.shutdown()
        try? await tester.shutdown()
        throw error
    }
    try await proxies.shutdown()
    try await tester.shutdown()
}
