import Engine
import Testing
import Workload

@Suite struct Azure2021Tests {
    let path = tracePath("azure2021_invocations.csv")

    @Test func arrivalIsEndMinusDurationSortedByArrival() throws {
        let expected = try rows(path).dropFirst()
            .map { (arrival: Double($0[2])! - Double($0[3])!, duration: Double($0[3])!) }
            .enumerated().sorted { ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset) }
            .map(\.element)
        let trace = try Azure2021Trace.load(file: path)
        #expect(trace.count == 134)
        #expect(trace.arrivals == expected.map { SimTime.seconds($0.arrival) })
        #expect(trace.serviceTimes == expected.map { SimDuration.seconds($0.duration) })
        #expect(zip(trace.arrivals, trace.arrivals.dropFirst()).allSatisfy { $0 <= $1 })
        // The file is in end order, so sorting really happened.
        let fileOrder = try rows(path).dropFirst().map { SimTime.seconds(Double($0[2])! - Double($0[3])!) }
        #expect(fileOrder != trace.arrivals)

        // Replayed, each arrival carries its duration for the service-time model.
        var replay = AnyArrivalProcess.trace(TraceArrivals(trace: trace))
        let model = ServiceTimeModel.recorded(fallback: .constant(99))
        _ = replay.nextArrival(after: .zero, using: stream(1))
        #expect(model.serviceTime(recorded: replay.recordedServiceTime, using: stream(1)) == trace.serviceTimes[0])
    }

    @Test(arguments: [("5eb7e725e6bac43f", nil, 93), ("5eb7e725e6bac43f", "92ac4bec76335720", 78),
                      (nil, "8bdc5c0a953a6df1", 15), ("80d6ae0197c2a3be", nil, 41), ("nope", nil, 0)] as [(String?, String?, Int)])
    func filtersByAppAndFunction(app: String?, function: String?, count: Int) throws {
        #expect(try Azure2021Trace.load(file: path, app: app, function: function).count == count)
    }

    @Test func originFirstArrivalRebases() throws {
        let text = "app,func,end_timestamp,duration\na,f,5.0,1.0\na,f,3.0,2.5\n"
        let file = try temporaryFile(text)
        let trace = try Azure2021Trace.load(file: file, origin: .firstArrival)
        #expect(trace.arrivals == [.zero, .seconds(3.5)])
        #expect(trace.serviceTimes == [.seconds(2.5), .seconds(1.0)])
        let negative = try temporaryFile("app,func,end_timestamp,duration\na,f,5.0,1.0\na,f,1.0,2.5\n")
        do {
            _ = try Azure2021Trace.load(file: negative)
            Issue.record("accepted an arrival before the trace start")
        } catch let e as TraceError {
            #expect(e.line == 3 && e.field == "end_timestamp")
        }
        #expect(try Azure2021Trace.load(file: negative, origin: .firstArrival).arrivals == [.zero, .seconds(5.5)])
    }

    @Test func badRowsNameLineAndField() throws {
        let cases: [(String, Int?, String?)] = [
            ("app,func,end_timestamp,duration\na,f,1,0.5\na,f,2,-1\n", 3, "duration"),
            ("app,func,end_timestamp,duration\na,f,x,0.5\n", 2, "end_timestamp"),
            ("app,func,end_timestamp,duration\na,f,1\n", 2, nil),
            ("app,func,end,duration\n", 1, "end_timestamp"),
        ]
        for (text, line, field) in cases {
            let file = try temporaryFile(text)
            do {
                _ = try Azure2021Trace.load(file: file)
                Issue.record("accepted: \(text)")
            } catch let e as TraceError {
                #expect(e.line == line && e.field == field, "\(e)")
            }
        }
    }
}
