import Serving
import Testing

/// A Knative pod's requests: user container + queue-proxy + istio-proxy.
@Suite struct ClusterPodResourcesTests {
    @Test func knativeDefaultsSumTheThreeContainers() {
        let pod = KnativePodResources.podRequests()
        // 400m + 25m + 100m; 100M + (unset) + 128Mi.
        #expect(pod.requested == ResourceList(milliCPU: 525, memoryBytes: 100_000_000 + 134_217_728))
        // The queue-proxy's unset memory scores as 200 Mi.
        #expect(pod.nonZeroRequested == ResourceList(milliCPU: 525, memoryBytes: 100_000_000 + 134_217_728 + 209_715_200))
        #expect(pod.containerCount == 3)
    }

    @Test func withoutTheMeshThereIsNoIstioProxy() {
        let pod = KnativePodResources.podRequests(istioProxy: nil)
        #expect(pod.requested == ResourceList(milliCPU: 425, memoryBytes: 100_000_000))
        #expect(pod.containerCount == 2)
    }

    @Test func knativesRealDefaultLeavesTheUserContainerUnset() {
        let pod = KnativePodResources.podRequests(user: .unset, istioProxy: nil)
        #expect(pod.requested == ResourceList(milliCPU: 25, memoryBytes: 0))
        #expect(pod.nonZeroRequested == ResourceList(milliCPU: 125, memoryBytes: 2 * 209_715_200))
    }

    @Test func explicitZeroIsNotUnset() {
        let zero = PodRequests(containers: [ContainerRequests(milliCPU: 0, memoryBytes: 0)])
        #expect(zero.nonZeroRequested == .zero)
        let unset = PodRequests(containers: [.unset])
        #expect(unset.nonZeroRequested == PodRequests.nonZeroDefaults)
    }
}
