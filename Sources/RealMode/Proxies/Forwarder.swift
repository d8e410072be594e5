import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Sends a request on to the next hop on 127.0.0.1 and brings its response back, whole.
///
/// Bodies are read in full before they are passed on: the function's requests and
/// responses are small, and it lets each hop mark a request done (release a breaker
/// slot, count the "out" event) exactly when its response is complete.
struct Forwarder: Sendable {
    /// Why a forward produced no response.
    enum Failure: Error, Equatable {
        /// The deadline passed before the response was complete.
        case timedOut
        /// The next hop could not be reached or dropped the connection.
        case unreachable
    }

    /// Bodies larger than this are refused (the function's bodies are tiny).
    static let maxBodyBytes = 16 << 20

    /// Headers that belong to one connection, not to the request (RFC 9110 §7.6.1), and
    /// the length, which the client sets from the body it sends.
    private static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer",
        "upgrade", "host", "content-length",
    ]

    let client: HTTPClient

    /// Reads a request's body in full.
    static func body(of request: Request) async -> ByteBuffer {
        (try? await request.body.collect(upTo: maxBodyBytes)) ?? ByteBuffer()
    }

    /// Forwards `request` (with `body`) to 127.0.0.1:`port`, adding or replacing
    /// `extraHeaders`, and returns the response once its body is complete.
    func forward(_ request: Request, body: ByteBuffer, toPort port: Int,
                 setting extraHeaders: [(HTTPField.Name, String)] = [],
                 deadline: ContinuousClock.Instant) async -> Result<Response, Failure> {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return .failure(.timedOut) }
        var outgoing = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(request.head.path ?? "/")")
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !Self.hopByHop.contains(field.name.canonicalName) {
            if extraHeaders.contains(where: { $0.0 == field.name }) { continue }
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        for (name, value) in extraHeaders { outgoing.headers.add(name: name.rawName, value: value) }
        if body.readableBytes > 0 { outgoing.body = .bytes(body) }
        do {
            let response = try await client.execute(outgoing, deadline: .now() + TimeAmount(remaining))
            let responseBody = try await response.body.collect(upTo: Self.maxBodyBytes)
            var headers = HTTPFields()
            for (name, value) in response.headers where !Self.hopByHop.contains(name.lowercased()) {
                if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
            }
            return .success(Response(status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers,
                                     body: ResponseBody(byteBuffer: responseBody)))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            return .failure(.timedOut)
        } catch {
            return .failure(ContinuousClock.now >= deadline ? .timedOut : .unreachable)
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let parts = duration.components
        self = .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }
}

/// The HTTP client every proxy of a run shares.
public enum ProxyHTTPClient {
    /// A client for loopback hops: no redirects followed (a proxy passes them on), and a
    /// connection pool wide enough that it never queues requests itself (the breakers
    /// and throttlers must be the only queues, as in Knative). Shut it down with
    /// `shutdown()` after the servers using it have stopped.
    ///
    /// `connectTimeout` is how long a hop keeps trying to reach a port that refuses
    /// connections (async-http-client retries refused connects until then) before it
    /// answers 502: on loopback a live server accepts at once, so keep it short.
    public static func make(maxConnectionsPerHost: Int = 1024,
                            connectTimeout: Duration = .seconds(1)) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(connectTimeout)),
            connectionPool: .init(idleTimeout: .seconds(60),
                                  concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost))
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
