import ArgumentParser
import Foundation

/// What a request's service time is spent on.
enum FunctionWork: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Waiting: the request holds a connection but no CPU (I/O-bound functions).
    case sleep
    /// Busy CPU for the whole service time, measured in wall time (CPU-bound functions:
    /// they slow each other down when more run than there are cores).
    case cpu

    func perform(seconds: Double) async throws {
        guard seconds > 0 else { return }
        switch self {
        case .sleep:
            try await Task.sleep(for: .nanoseconds(Int64((seconds * 1e9).rounded())))
        case .cpu:
            await Self.spin(seconds: seconds)
        }
    }

    /// Spins on a thread of its own: a long busy loop on the concurrency pool (one
    /// thread per core) would stall the server's other requests and its probe.
    static func spin(seconds: Double) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                let deadline = ContinuousClock.now.advanced(by: .nanoseconds(Int64((seconds * 1e9).rounded())))
                var counter: UInt64 = 0
                while ContinuousClock.now < deadline {
                    for i in 0..<1_000 { counter &+= UInt64(i) &* 2_654_435_761 }
                }
                if counter == 42 { print("") }  // keeps the loop from being optimised away
                continuation.resume()
            }
            thread.start()
        }
    }
}
