import Engine
import Workload

/// Closed-loop clients: a fixed population, each with one request outstanding at a
/// time. A client's next request leaves one think time after its previous one was
/// answered — completed, or failed with any reason (a 503 or 504 is a response too) —
/// so the arrival rate follows the response time: N / (R + Z).
extension KnativeSimulation {
    /// Schedules each client's first request (after one think time, the loop's
    /// default start: no synchronised burst at t = 0).
    mutating func startClients(workload index: Int) {
        guard var clients = workloads[index].clients else { return }
        for first in clients.initialArrivals(at: engine.now, using: workloads[index].stream)
        where first.time < engine.endTime {
            engine.schedule(.clientSends(workload: Int32(index), client: Int32(first.client)), at: first.time)
        }
        workloads[index].clients = clients
    }

    /// The client's request was answered now: it thinks, then sends the next one.
    mutating func clientResponded(workload index: Int, client: Int32) {
        let stream = workloads[index].stream
        guard let next = workloads[index].clients?.nextAfterCompletion(of: Int(client), at: engine.now, using: stream),
              next < engine.endTime else { return }
        engine.schedule(.clientSends(workload: Int32(index), client: client), at: next)
    }
}
