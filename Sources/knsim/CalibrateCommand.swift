import ArgumentParser
import AsyncHTTPClient
import Foundation
import RealMode

/// `knsim calibrate`: measures this machine's process start, readiness probing and
/// proxy hop, and writes them as a scenario fragment of fitted distributions.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure process start, readiness probing and a proxy hop on this machine.",
        discussion: """
            Starts knsim-fn (the binary beside knsim) SAMPLES times with a 1 ms probe and \
            SAMPLES times with real mode's 50 ms probe, and times SAMPLES x 10 requests \
            straight to a pod and through a pass-through HTTP hop. Writes a YAML fragment \
            (lognormal fits) with the hop latency of the ingress, queue-proxy, activator \
            and mesh, and the startup phases user-container-start and readiness-probe for \
            every revision. Everything listens on 127.0.0.1 only.
            """
    )

    @Option(help: "Write the fragment here (default: standard output).")
    var out: String?

    @Option(help: "Process starts per probe setting, and tens of hop requests.")
    var samples = 20

    @Option(name: .customLong("knsim-fn"), help: "The knsim-fn binary (default: the one beside knsim).")
    var knsimFn: String?

    func validate() throws {
        guard (1...1000).contains(samples) else { throw ValidationError("--samples must be from 1 to 1000, got \(samples)") }
    }

    func run() throws {
        guard let binary = knsimFn ?? PodCommand.locateKnsimFn() else {
            throw KnsimFailure.badInput("cannot find knsim-fn beside knsim; build it (swift build --product knsim-fn) or give --knsim-fn PATH")
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw KnsimFailure.badInput("--knsim-fn: \(binary) is not an executable file")
        }
        let calibrator = Calibrator(knsimFn: binary, samples: samples)
        let calibration = try runBlocking {
            let client = LoadGenerator.makeClient()
            do {
                let result = try await calibrator.run(client: client)
                try await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
        let comment = ["knsim calibrate: measured on \(ProcessInfo.processInfo.hostName), \(samples) samples,",
                       "\(ProcessInfo.processInfo.activeProcessorCount) CPUs."] + calibration.summaryLines
        let fragment = calibration.fragment(comment: comment)
        if let out {
            do {
                try fragment.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw KnsimFailure.badInput("--out: cannot write \(out): \(error.localizedDescription)")
            }
            for line in calibration.summaryLines { print(line) }
            print("wrote \(out)")
        } else {
            print(fragment, terminator: "")
        }
    }
}

/// Runs async work from a synchronous command: the work runs on the concurrency pool
/// while the main thread waits.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// The result slot `runBlocking` fills; the semaphore orders the write before the read.
private final class BlockingResult<T>: @unchecked Sendable { var result: Result<T, any Error>? }
