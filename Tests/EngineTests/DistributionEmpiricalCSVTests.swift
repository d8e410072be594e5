import Foundation
import Testing
import Engine

struct BadCSVCase: Sendable, CustomTestStringConvertible {
    let name: String
    let reader: EmpiricalCSV
    let text: String
    let line: Int?
    let column: Int?
    /// A fragment the message must contain.
    let says: String
    var testDescription: String { name }
}

private let badCases: [BadCSVCase] = [
    .init(name: "not a number", reader: EmpiricalCSV(), text: "0.1\n0.2\nabc\n", line: 3, column: 1, says: "'abc' is not a number"),
    .init(name: "CRLF line numbers", reader: EmpiricalCSV(), text: "1\r\n2\r\n\r\nx\r\n", line: 4, column: 1, says: "'x' is not a number"),
    .init(name: "negative", reader: EmpiricalCSV(), text: "0.1\n-0.2\n", line: 2, column: 1, says: "0 or more"),
    .init(name: "infinite", reader: EmpiricalCSV(), text: "inf\n", line: 1, column: 1, says: "finite"),
    .init(name: "empty field", reader: EmpiricalCSV(column: .index(1)), text: "a,1\nb,\n", line: 2, column: 2, says: "empty"),
    .init(name: "short row", reader: EmpiricalCSV(column: .index(2)), text: "1,2,3\n4,5\n", line: 2, column: 3, says: "2 field(s)"),
    .init(name: "header read as data", reader: EmpiricalCSV(), text: "latency\n0.1\n", line: 1, column: 1,
          says: "'latency' is not a number (if this is a header line, declare the header)"),
    .init(name: "unknown column name", reader: EmpiricalCSV(column: .name("ms")), text: "id,latency\n1,0.2\n", line: 1, column: nil,
          says: "no column named 'ms' (columns: id, latency)"),
    .init(name: "duplicate column name", reader: EmpiricalCSV(column: .name("x")), text: "x,y,x\n1,2,3\n", line: 1, column: 3, says: "more than once"),
    .init(name: "unclosed quote", reader: EmpiricalCSV(), text: "1\n\"2\n", line: 2, column: 1, says: "not closed"),
    .init(name: "text after quote", reader: EmpiricalCSV(column: .index(1)), text: "a,\"1\"x\n", line: 1, column: 2, says: "after a closing quote"),
    .init(name: "no samples", reader: EmpiricalCSV(hasHeader: true), text: "latency\n\n# nothing\n", line: nil, column: nil, says: "no samples"),
    .init(name: "negative column index", reader: EmpiricalCSV(column: .index(-1)), text: "1\n", line: nil, column: nil, says: "0 or more"),
]

@Suite("Empirical distribution from CSV")
struct DistributionEmpiricalCSVTests {
    @Test("reads one column, skipping blank and comment lines")
    func readsFirstColumn() throws {
        let values = try EmpiricalCSV().values(parsing: "0.5\n\n# a comment\n1.5\r\n 2e-3 \n", file: "t.csv")
        #expect(values == [0.5, 1.5, 0.002])
    }

    @Test("chooses a column by index or by header name, with quoted fields")
    func readsChosenColumn() throws {
        let text = "\u{FEFF}id,\"latency, s\",path\n1,0.25,/a\n2,\"0.5\",\"/b,c\"\n3, 4 ,/d\n"
        #expect(try EmpiricalCSV(column: .name("latency, s")).values(parsing: text, file: "t.csv") == [0.25, 0.5, 4])
        #expect(try EmpiricalCSV(column: .index(1), hasHeader: true).values(parsing: text, file: "t.csv") == [0.25, 0.5, 4])
        #expect(try EmpiricalCSV(column: .index(0), hasHeader: true).values(parsing: text, file: "t.csv") == [1, 2, 3])
        #expect(try EmpiricalCSV(column: .index(0), separator: ";").values(parsing: "1;x\n2;y\n", file: "t.csv") == [1, 2])
    }

    @Test("bad input is an error naming file, line and column", arguments: badCases)
    func rejects(_ c: BadCSVCase) {
        do {
            let values = try c.reader.values(parsing: c.text, file: "samples.csv")
            Issue.record("accepted \(values)")
        } catch let error as EmpiricalCSVError {
            #expect(error.file == "samples.csv")
            #expect(error.line == c.line)
            #expect(error.column == c.column)
            #expect(error.message.contains(c.says), "\(error)")
            #expect(!error.description.contains("\n"))
            var location = "samples.csv"
            if let line = c.line { location += ":\(line)" }
            if let column = c.column { location += ":\(column)" }
            #expect(error.description == "\(location): \(error.message)")
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test("reads a file into an empirical distribution; a missing file names its path")
    func readsFile() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("knsim-csv-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("service.csv").path
        try "ms\n3\n1\n2\n".write(toFile: path, atomically: true, encoding: .utf8)

        let d = try EmpiricalCSV(column: .name("ms")).distribution(fromFile: path)
        #expect(d == (try Distribution.empirical(values: [1, 2, 3])))

        let missing = directory.appendingPathComponent("absent.csv").path
        let error = #expect(throws: EmpiricalCSVError.self) { try EmpiricalCSV().values(fromFile: missing) }
        #expect(error?.file == missing)
        #expect(error?.line == nil)
    }
}
