import Serving
import Testing

/// Serve vs Proxy: the PA reconciler's request (`kpa.go`) and the SKS reconciler's
/// endpoint overrides (`serverlessservice.go`).
@Suite struct ControlPathModeTests {
    @Test(arguments: [
        // (want, EBC, ready pod endpoints, activator endpoints, mode)
        (Int32(3), Int32(0), 3, 2, ActivatorPathMode.serve),
        (3, 5, 3, 2, .serve),
        (3, -1, 3, 2, .proxy),          // not enough burst capacity (TBC −1 always gives −1)
        (0, 10, 3, 2, .proxy),          // scaled to zero
        (-1, 0, 3, 2, .proxy),          // scale unknown
        (3, 0, 0, 2, .proxy),           // no ready pod yet: forced proxy
        (3, -5, 3, 0, .serve),          // no activator endpoint: forced serve
        (0, -5, 0, 0, .serve),          // both overrides: serve wins (endpoints never empty)
    ])
    func mode(want: Int32, ebc: Int32, ready: Int, activators: Int, mode: ActivatorPathMode) {
        #expect(ActivatorPathMode.decide(want: want, excessBurstCapacity: ebc, readyPodEndpoints: ready,
                                         activatorEndpoints: activators) == mode)
    }

    @Test func requestedIgnoresEndpoints() {
        #expect(ActivatorPathMode.requested(want: 1, excessBurstCapacity: 0) == .serve)
        #expect(ActivatorPathMode.serve.effective(readyPodEndpoints: 0, activatorEndpoints: 1) == .proxy)
        #expect(ActivatorPathMode.proxy.effective(readyPodEndpoints: 4, activatorEndpoints: 1) == .proxy)
    }
}
