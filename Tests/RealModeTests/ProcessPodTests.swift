import Engine
import Foundation
import Serving
import Testing
@testable import RealMode

@Suite(.serialized) struct ProcessPodTests {
    @Test func startsProbesAndStopsKnsimFnLeavingNoProcess() async throws {
        try await withClient { client in
            // The port reaches knsim-fn only through PORT: answering proves it was read.
            let pod = try await ProcessPod.launch(.knsimFn(executable: KnsimFnBinary.path, initDelay: 0.3),
                                                  emulatedDelay: .milliseconds(200), ports: PortAllocator())
            let timings = try await pod.waitUntilReady(client: client)
            #expect(seconds(timings.createdAt.duration(to: timings.spawnedAt)) >= 0.2)
            #expect(seconds(timings.spawnToReady!) >= 0.3)
            #expect(timings.listeningAt! <= timings.readyAt!)
            #expect(pod.processGroup == pod.pid)
            #expect(pod.isGroupAlive)
            #expect(await pod.stop(grace: .seconds(5)) == .exited(0))
            #expect(!pod.isGroupAlive)
        }
    }

    @Test func aCommandThatIgnoresSIGTERMIsKilledWithItsWholeGroup() async throws {
        // The shell ignores SIGTERM and so do its children (ignored dispositions are
        // inherited): only SIGKILL to the group ends them all.
        let command = PodCommand(executable: "/bin/sh", arguments: ["-c", "trap '' TERM; sleep 60 & sleep 60; wait"])
        let pod = try await ProcessPod.launch(command, ports: PortAllocator())
        try await Task.sleep(for: .milliseconds(200))
        let exit = await pod.stop(grace: .milliseconds(300))
        #expect(exit == .signalled(SIGKILL))
        for _ in 0..<100 where pod.isGroupAlive { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!pod.isGroupAlive)
    }

    @Test func aGrandchildLeftBehindByAnExitingPodIsKilled() async throws {
        let command = PodCommand(executable: "/bin/sh", arguments: ["-c", "sleep 60 & exit 0"])
        let pod = try await ProcessPod.launch(command, ports: PortAllocator())
        #expect(await pod.exit == .exited(0))
        // The reaper kills the rest of the group right after the leader ends.
        for _ in 0..<100 where pod.isGroupAlive { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!pod.isGroupAlive)
    }

    @Test func aPodThatExitsBeforeReadyIsReportedWithItsStatus() async throws {
        try await withClient { client in
            let pod = try await ProcessPod.launch(PodCommand(executable: "/bin/sh", arguments: ["-c", "exit 3"]),
                                                  ports: PortAllocator())
            await #expect(throws: RealModeError.exitedBeforeReady(command: "sh", status: .exited(3))) {
                try await pod.waitUntilReady(client: client)
            }
        }
    }

    @Test func aMissingExecutableIsASpawnError() async throws {
        await #expect(throws: RealModeError.spawnFailed(command: "/no/such/knsim-fn", errno: ENOENT)) {
            _ = try await ProcessPod.launch(PodCommand(executable: "/no/such/knsim-fn"), ports: PortAllocator())
        }
    }

    @Test func thePortAllocatorNeverHandsOutAPortTwice() throws {
        let allocator = PortAllocator()
        let ports = try (0..<64).map { _ in try allocator.allocate() }
        #expect(Set(ports).count == ports.count)
        #expect(ports.allSatisfy { $0 > 0 && $0 < 65536 })
    }

    @Test func theStartupPlanDrawsEveryPhaseInTheSimulationsOrder() {
        let means = [0.05, 0.2, 0.1, 0.04, 0.5, 0.3, 0.01, 0.15]
        let d = means.map { Distribution.exponential(mean: $0) }
        let spec = PodStartupSpec(scheduling: d[0], sandboxCreation: d[1], containerCreation: d[2],
                                  proxyStart: d[5], userContainerStart: d[3], applicationInit: d[4],
                                  readinessProbe: d[6], endpointPropagation: d[7])
        let plan = EmulatedStartup.plan(spec, using: RandomStreams(seed: 7).stream(named: "startup/fn-1"), mesh: true)
        // The simulation's order: scheduling, sandbox, container, start, init, proxy, readiness, propagation.
        let manual = RandomStreams(seed: 7).stream(named: "startup/fn-1")
        let draws = d.map { $0.sampleDuration(using: manual) }
        #expect([plan.scheduling, plan.sandboxCreation, plan.containerCreation, plan.userContainerStart,
                 plan.applicationInit, plan.proxyStart!, plan.readinessProbe, plan.endpointPropagation] == draws)
        #expect(plan.emulatedBeforeSpawn() == draws[0] + draws[1] + draws[2])
        #expect(plan.emulatedBeforeSpawn(holdApplicationUntilProxyStarts: true) == draws[0] + draws[1] + draws[2] + draws[5])
        #expect(plan.initDelaySeconds == draws[4].seconds)
        // Without the mesh no proxy start is drawn, so readiness takes the sixth draw.
        let noMesh = EmulatedStartup.plan(spec, using: RandomStreams(seed: 7).stream(named: "startup/fn-1"), mesh: false)
        #expect(noMesh.proxyStart == nil)
        #expect(noMesh.readinessProbe == d[6].sampleDuration(using: {
            let s = RandomStreams(seed: 7).stream(named: "startup/fn-1")
            for i in 0..<5 { _ = d[i].sample(using: s) }
            return s
        }()))
        #expect(EmulatedStartup.delay(spec, using: RandomStreams(seed: 7).stream(named: "startup/fn-1"))
                == draws[0] + draws[1] + draws[2])
    }
}
