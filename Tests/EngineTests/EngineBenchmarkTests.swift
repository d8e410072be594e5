import Testing
@testable import Engine

/// The benchmark's figures are printed by `knsim bench`, never asserted; these tests
/// only check that it measures what it says, on small inputs.
struct EngineBenchmarkTests {
    @Test(arguments: [false, true])
    func radixHeapAndReferenceHeapPopTheSameSequence(cancelling: Bool) {
        let radix = EngineBenchmark.holdModel(pending: 500, events: 20_000, cancelling: cancelling)
        let reference = EngineBenchmark.holdModelReferenceHeap(pending: 500, events: 20_000, cancelling: cancelling)
        #expect(radix.checksum == reference.checksum)
        #expect(radix.checksum != 0)
        #expect(radix.queue == .radixHeap && reference.queue == .referenceBinaryHeap)
        #expect(radix.events == 20_000 && radix.pending == 500 && radix.cancelling == cancelling)
        #expect(radix.cpuSeconds >= 0)
    }

    @Test func cancellationChangesTheSequence() {
        let plain = EngineBenchmark.holdModel(pending: 100, events: 1_000)
        let cancelling = EngineBenchmark.holdModelWithCancellation(pending: 100, events: 1_000)
        #expect(cancelling.cancelling)
        #expect(plain.checksum != cancelling.checksum)
    }

    @Test func eventsPerSecondIsEventsOverCPUTime() {
        let r = EngineBenchmark.Result(queue: .radixHeap, pending: 1, cancelling: false, events: 1_000, cpuSeconds: 0.5, checksum: 1)
        #expect(r.eventsPerSecond == 2_000)
        let instant = EngineBenchmark.Result(queue: .radixHeap, pending: 1, cancelling: false, events: 0, cpuSeconds: 0, checksum: 0)
        #expect(instant.eventsPerSecond == 0)
    }
}
