import Engine
import Serving
import Workload

extension KnativeBuilder {
    func workloadSpecs() throws(ScenarioError) -> [WorkloadSpec] {
        var specs: [WorkloadSpec] = []
        var seen: Set<String> = []
        for (index, entry) in scenario.workload.enumerated() {
            let path = FieldPath.root.key("workload").index(index)
            guard seen.insert(entry.service).inserted else {
                throw late.unsupported(path, "a second workload entry for service \(quoted(entry.service))",
                                       needs: "each service has one arrival stream; merge the entries")
            }
            if entry.serviceTime != nil {
                throw late.unsupported(path.key("service-time"), "a workload's own service time",
                                       needs: "requests take their revision's service-time")
            }
            if entry.start != .zero {
                throw late.unsupported(path.key("start"), "a workload that starts late",
                                       needs: "use a schedule of rates instead")
            }
            if entry.end != nil {
                throw late.unsupported(path.key("end"), "a workload that ends early",
                                       needs: "use a schedule of rates instead")
            }
            if case .closedLoop(let clients, let thinkTime) = entry.arrivals {
                specs.append(WorkloadSpec(service: entry.service,
                                          clients: try closedLoopClients(clients, thinkTime, at: path.key("arrivals"))))
                continue
            }
            let arrivals = try arrivalProcess(entry.arrivals, at: path.key("arrivals"))
            specs.append(WorkloadSpec(service: entry.service, arrivals: arrivals))
        }
        return specs
    }

    func arrivalProcess(_ config: ArrivalProcessConfig, at path: FieldPath) throws(ScenarioError) -> AnyArrivalProcess {
        do {
            switch config {
            case .poisson(let rate):
                return .poisson(try PoissonArrivals(rate: rate))
            case .deterministic(let interval):
                // The scenario's first request comes one interval after the start.
                return .deterministic(try DeterministicArrivals(interval: interval, phase: .zero + interval))
            case .schedule(let schedule):
                return .schedule(try ScheduledArrivals(Self.rateChanges(schedule)))
            case .diurnal(let diurnal):
                return .diurnal(try Self.diurnalArrivals(diurnal))
            case .mmpp(let mmpp):
                return .mmpp(try Self.mmppArrivals(mmpp))
            case .closedLoop:
                preconditionFailure("closed-loop clients are not an open arrival process; see workloadSpecs")
            case .trace(let trace):
                return try traceArrivals(trace, at: path)
            }
        } catch let error as ScenarioError {
            throw error
        } catch let error as WorkloadError {
            throw late.error(path, error.description)
        } catch {
            throw late.error(path, "\(error)")
        }
    }

    /// Each client thinks once before its first request (`ClosedLoopStart.afterThinkTime`),
    /// so the loop starts near its steady state, not with all clients at t = 0.
    func closedLoopClients(_ clients: Int, _ thinkTime: Distribution, at path: FieldPath) throws(ScenarioError) -> ClosedLoopClients {
        do {
            return try ClosedLoopClients(clients: clients, thinkTime: thinkTime, start: .afterThinkTime)
        } catch let error as WorkloadError {
            throw late.error(path, error.description)
        } catch {
            throw late.error(path, "\(error)")
        }
    }

    /// The scenario's segments as the Workload layer's changes: the same steps and
    /// ramps, each at its own time.
    static func rateChanges(_ schedule: RateSchedule) -> [RateChange] {
        schedule.segments.map { segment in
            switch segment {
            case .step(let at, let rate): return .step(at: .zero + at, rate: rate)
            case .ramp(let at, let from, let to, let over): return .ramp(at: .zero + at, from: from, to: to, over: over)
            }
        }
    }

    /// The scenario writes sin(2π(t + phase)/period), the Workload layer
    /// sin(2π(t − phase)/period): the same wave with the phase taken from the period.
    static func diurnalArrivals(_ diurnal: DiurnalRate) throws -> DiurnalArrivals {
        let phase = diurnal.phase == .zero ? SimDuration.zero
            : SimDuration(nanoseconds: diurnal.period.nanoseconds - diurnal.phase.nanoseconds)
        return try DiurnalArrivals(mean: diurnal.mean, amplitude: diurnal.amplitude, period: diurnal.period,
                                   phase: .zero + phase)
    }

    /// The scenario's MMPP starts in its first state and moves through the states in
    /// order, the last back to the first.
    static func mmppArrivals(_ mmpp: MMPPConfig) throws -> MMPPArrivals {
        let k = mmpp.states.count
        let transitions = (0..<k).map { i in (0..<k).map { j in j == (i + 1) % k ? 1.0 : 0.0 } }
        return try MMPPArrivals(states: mmpp.states.map { MMPPState(rate: $0.rate, meanSojourn: $0.meanSojourn) },
                                transitions: transitions, initialState: 0)
    }

    func traceArrivals(_ trace: TraceConfig, at path: FieldPath) throws(ScenarioError) -> AnyArrivalProcess {
        if trace.durationsFile != nil {
            throw late.unsupported(path.key("durations-file"), "service times from a durations file",
                                   needs: "requests take their revision's service-time")
        }
        do {
            switch trace.format {
            case .timestamps:
                if let column = trace.column, column != .position(1) {
                    throw late.unsupported(path.key("column"), "a timestamps column other than the first",
                                           needs: "the trace loader reads the first column")
                }
                return .trace(TraceArrivals(trace: Self.shifted(try TimestampCSV.load(file: trace.file), by: trace.offset)))
            case .azure2021:
                let recorded = try Azure2021Trace.load(file: trace.file, function: trace.function)
                return .trace(TraceArrivals(trace: Self.shifted(recorded, by: trace.offset)))
            case .azure2019:
                let minute = SimDuration.wholeSeconds(60)
                guard trace.offset.nanoseconds % minute.nanoseconds == 0 else {
                    throw late.error(path.key("offset"), "must be a whole number of minutes for an azure-2019 trace, whose counts are per minute")
                }
                let invocations = try Azure2019Invocations.load(files: [trace.file], function: trace.function)
                let startMinute = Int(trace.offset.nanoseconds / minute.nanoseconds)
                guard startMinute < invocations.countsPerMinute.count else {
                    throw late.error(path.key("offset"), "is past the end of the trace (\(invocations.countsPerMinute.count) minutes)")
                }
                return .azure2019(try Azure2019Arrivals(invocations: invocations, startMinute: startMinute))
            }
        } catch let error as ScenarioError {
            throw error
        } catch let error as TraceError {
            throw late.error(path.key("file"), "trace \(error.description)")
        } catch let error as WorkloadError {
            throw late.error(path, "trace \(quoted(trace.file)): \(error.description)")
        } catch {
            throw late.error(path.key("file"), "trace \(quoted(trace.file)): \(error)")
        }
    }

    /// The trace from `offset` on, with `offset` at time 0.
    static func shifted(_ trace: RecordedTrace, by offset: SimDuration) -> RecordedTrace {
        guard offset > .zero else { return trace }
        let first = trace.arrivals.firstIndex { $0 >= .zero + offset } ?? trace.arrivals.count
        let arrivals = trace.arrivals[first...].map { SimTime(nanoseconds: $0.nanoseconds - offset.nanoseconds) }
        let serviceTimes = trace.hasServiceTimes ? Array(trace.serviceTimes[first...]) : []
        return RecordedTrace(arrivals: arrivals, serviceTimes: serviceTimes)
    }
}
