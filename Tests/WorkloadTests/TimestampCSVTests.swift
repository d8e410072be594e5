import Engine
import Testing
import Workload

@Suite struct TimestampCSVTests {
    @Test func replayGivesTheExactTimestampsAndServiceTimes() throws {
        let path = tracePath("timestamps.csv")
        let expected = try rows(path).dropFirst().map { (SimTime.seconds(Double($0[0])!), SimDuration.seconds(Double($0[1])!)) }
        let trace = try TimestampCSV.load(file: path)
        #expect(trace.count == 177)
        #expect(trace.count == expected.count)
        var replay = TraceArrivals(trace: trace, start: .seconds(10))
        var now = SimTime.zero
        for (t, s) in expected {
            let got = replay.nextArrival(after: now, using: stream(1))
            #expect(got == SimTime.seconds(10) + SimDuration(nanoseconds: t.nanoseconds))
            #expect(replay.recordedServiceTime == s)
            now = got ?? now
        }
        #expect(replay.nextArrival(after: now, using: stream(1)) == nil)
    }

    @Test func headerIsOptionalAndServiceTimeColumnToo() throws {
        let trace = try TimestampCSV.load(file: try temporaryFile("0.5\r\n\n1.25\r\n1.25\n3\n"))
        #expect(trace.arrivals == [.seconds(0.5), .seconds(1.25), .seconds(1.25), .seconds(3)])
        #expect(!trace.hasServiceTimes)
        // Equal timestamps are both replayed.
        #expect(arrivals(TraceArrivals(trace: trace), until: .distantFuture, using: stream(1)).count == 4)
    }

    @Test func replayStartingLateSkipsEarlierRows() throws {
        var replay = TraceArrivals(trace: RecordedTrace(arrivals: [.seconds(1), .seconds(2), .seconds(3)]))
        #expect(replay.nextArrival(after: .seconds(1.5), using: stream(1)) == .seconds(2))
        #expect(replay.remaining == 1)
    }

    struct BadFile: Sendable, CustomStringConvertible {
        var text: String, line: Int, column: Int?, fragment: String
        var description: String { fragment }
    }

    @Test(arguments: [
        BadFile(text: "timestamp\n1\n2\n1.5\n3\n", line: 4, column: 1, fragment: "earlier than 2.0 on line 3"),
        BadFile(text: "1\n2\nabc\n", line: 3, column: 1, fragment: "not a number: 'abc'"),
        BadFile(text: "1\n2\nnan\n", line: 3, column: 1, fragment: "not a number"),
        BadFile(text: "1\n-2\n", line: 2, column: 1, fragment: "0 or more"),
        BadFile(text: "t,s\n1,0.1\n2\n", line: 3, column: 2, fragment: "missing service time"),
        BadFile(text: "1\n2,0.5\n", line: 2, column: 2, fragment: "unexpected service time"),
        BadFile(text: "1,0.1,9\n", line: 1, column: 3, fragment: "unexpected field"),
        BadFile(text: "1,x\n", line: 1, column: 2, fragment: "not a number: 'x'"),
    ])
    func rejectsBadRowsNamingLineAndColumn(_ bad: BadFile) throws {
        let path = try temporaryFile(bad.text)
        do {
            _ = try TimestampCSV.load(file: path)
            Issue.record("accepted a bad file")
        } catch let e as TraceError {
            #expect(e.file == path)
            #expect(e.line == bad.line)
            #expect(e.column == bad.column)
            #expect(e.message.contains(bad.fragment), "\(e)")
            #expect(e.description.hasPrefix("\(path):\(bad.line): column"))
        }
    }

    @Test func rowLimitIsEnforced() throws {
        let path = try temporaryFile("1\n2\n3\n")
        #expect(throws: TraceError.self) { try TimestampCSV.load(file: path, maxRows: 2) }
        #expect(try TimestampCSV.load(file: path, maxRows: 3).count == 3)
    }

    @Test func missingFileIsATraceError() {
        #expect(throws: TraceError.self) { try TimestampCSV.load(file: "/nonexistent/trace.csv") }
    }
}
