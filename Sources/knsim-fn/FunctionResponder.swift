import Foundation
import HTTPTypes
import Hummingbird

/// Answers the readiness probe and does each request's work.
struct FunctionResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    static let serviceTimeHeader = HTTPField.Name("X-Knsim-Service-Time")!
    static let workHeader = HTTPField.Name("X-Knsim-Work")!
    static let pidHeader = HTTPField.Name("X-Knsim-Pid")!
    static let requestIDHeader = HTTPField.Name("X-Knsim-Request-Id")!

    let readyAt: ContinuousClock.Instant
    let defaultWork: FunctionWork
    let pid: Int32

    func respond(to request: Request, context: Context) async throws -> Response {
        if request.uri.path == "/healthz" { return probe() }
        let seconds: Double
        if let text = request.headers[Self.serviceTimeHeader] {
            guard let value = Double(text), value >= 0, value.isFinite else {
                return Self.text(.badRequest, "X-Knsim-Service-Time must be a number of seconds >= 0, got \"\(text)\"\n")
            }
            seconds = value
        } else {
            seconds = 0
        }
        var work = defaultWork
        if let text = request.headers[Self.workHeader] {
            guard let named = FunctionWork(rawValue: text) else {
                return Self.text(.badRequest, "X-Knsim-Work must be sleep or cpu, got \"\(text)\"\n")
            }
            work = named
        }
        try await work.perform(seconds: seconds)
        var response = Self.text(.ok, "ok \(work.rawValue) \(seconds)\n")
        if let id = request.headers[Self.requestIDHeader] { response.headers[Self.requestIDHeader] = id }
        response.headers[Self.pidHeader] = String(pid)
        return response
    }

    /// 503 while initialising, then 200; both carry the pid.
    func probe() -> Response {
        let ready = ContinuousClock.now >= readyAt
        var response = Self.text(ready ? .ok : .serviceUnavailable, ready ? "ready \(pid)\n" : "initialising \(pid)\n")
        response.headers[Self.pidHeader] = String(pid)
        return response
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
