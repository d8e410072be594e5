import AsyncHTTPClient
import Foundation
import Testing
@testable import RealMode

/// The built knsim-fn beside the test bundle (SwiftPM puts products and the test
/// bundle in the same build folder).
enum KnsimFnBinary {
    static var path: String {
        if let found = PodCommand.locateKnsimFn(near: CommandLine.arguments[0]) { return found }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/knsim-fn").path
    }
}

/// An HTTP client for one test, shut down at its end.
func withClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    let client = LoadGenerator.makeClient()
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

func get(_ url: String, headers: [(String, String)] = [], client: HTTPClient) async throws -> (status: Int, headers: [String: String], body: String) {
    var request = HTTPClientRequest(url: url)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await client.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 20)
    var fields: [String: String] = [:]
    for field in response.headers { fields[field.name.lowercased()] = field.value }
    return (Int(response.status.code), fields, String(buffer: body))
}

func seconds(_ duration: Duration) -> Double {
    let (s, atto) = duration.components
    return Double(s) + Double(atto) / 1e18
}

@Suite(.serialized) struct FunctionServerTests {
    /// Starts knsim-fn and waits until it answers at all (503 or 200).
    func start(_ arguments: [String], client: HTTPClient) async throws -> ProcessPod {
        let pod = try await ProcessPod.launch(PodCommand(executable: KnsimFnBinary.path, arguments: arguments),
                                              ports: PortAllocator())
        for _ in 0..<500 {
            if (try? await get(pod.url + "/healthz", client: client)) != nil { return pod }
            try await Task.sleep(for: .milliseconds(10))
        }
        await pod.kill()
        Issue.record("knsim-fn never answered")
        throw RealModeError.notReady(command: "knsim-fn", seconds: 5)
    }

    @Test func healthzIs503UntilTheInitDelayThen200WithThePid() async throws {
        try await withClient { client in
            let pod = try await start(["--init-delay", "4"], client: client)
            let early = try await get(pod.url + "/healthz", client: client)
            #expect(early.status == 503)
            #expect(early.headers["x-knsim-pid"] == String(pod.pid))
            let timings = try await pod.waitUntilReady(client: client)
            #expect(seconds(timings.spawnToReady!) >= 4)
            let late = try await get(pod.url + "/healthz", client: client)
            #expect(late.status == 200)
            #expect(late.body.contains(String(pod.pid)))
            await pod.stop(grace: .seconds(5))
        }
    }

    @Test(arguments: ["sleep", "cpu"])
    func aRequestTakesItsServiceTime(work: String) async throws {
        try await withClient { client in
            let pod = try await start([], client: client)
            let started = ContinuousClock.now
            let answer = try await get(pod.url + "/invoke", headers: [("X-Knsim-Service-Time", "0.4"), ("X-Knsim-Work", work),
                                                                      ("X-Knsim-Request-Id", "17")], client: client)
            let took = seconds(started.duration(to: .now))
            #expect(answer.status == 200)
            #expect(answer.body.contains(work))
            #expect(answer.headers["x-knsim-request-id"] == "17")
            #expect(took >= 0.4)
            await pod.stop(grace: .seconds(5))
        }
    }

    @Test func badHeadersAre400() async throws {
        try await withClient { client in
            let pod = try await start([], client: client)
            #expect(try await get(pod.url + "/", headers: [("X-Knsim-Service-Time", "soon")], client: client).status == 400)
            #expect(try await get(pod.url + "/", headers: [("X-Knsim-Work", "dance")], client: client).status == 400)
            await pod.stop(grace: .seconds(5))
        }
    }

    @Test func sigtermFinishesTheRequestInFlightThenExits0() async throws {
        try await withClient { client in
            let pod = try await start([], client: client)
            async let answer = get(pod.url + "/", headers: [("X-Knsim-Service-Time", "1.0")], client: client)
            try await Task.sleep(for: .milliseconds(300))
            let exit = await pod.stop(grace: .seconds(10))
            #expect(try await answer.status == 200)
            #expect(exit == .exited(0))
            #expect(!pod.isGroupAlive)
        }
    }
}
