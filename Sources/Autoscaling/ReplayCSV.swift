/// A problem in a replay input file, located by line and column (both 1-based).
public struct ReplayInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The 1-based column, if the problem is in one field.
    public var column: Int?
    public var columnName: String?
    public var message: String

    public var description: String {
        var location = "\(file):\(line)"
        if let column { location += ":\(column)" }
        if let columnName { location += " (\(columnName))" }
        return "\(location): \(message)"
    }
}

/// The CSV formats of `knsim autoscaler replay`.
///
/// Input, one row per second with a header:
/// `time,ready_pods,concurrency,rps` — time in whole seconds from 0, strictly
/// increasing (gaps allowed, at most `maximumTime`); ready pods a whole number ≥ 0;
/// concurrency and rps finite decimal numbers. Fields are separated by commas without
/// quoting; spaces around a field, CRLF line ends and empty lines are accepted.
///
/// Output: `time,desired_pods,panic,excess_burst_capacity,stable_value,panic_value`,
/// LF line ends, numbers as `CSVNumber.format` writes them.
public enum ReplayCSV {
    public static let inputHeader = ["time", "ready_pods", "concurrency", "rps"]
    public static let outputHeader = ["time", "desired_pods", "panic", "excess_burst_capacity", "stable_value", "panic_value"]
    /// Largest accepted time, in seconds (keeps nanosecond times far from overflow).
    public static let maximumTime: Int64 = Int64(Int32.max)

    public static func parseObservations(_ text: String, fileName: String) throws(ReplayInputError) -> [ReplayObservation] {
        var observations: [ReplayObservation] = []
        var sawHeader = false
        var lineNumber = 0
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // "\r\n" is one Character in Swift, so split on any line break.
        for line in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { String($0).trimmingASCIIWhitespace() }
            func fail(_ column: Int?, _ message: String) -> ReplayInputError {
                ReplayInputError(file: fileName, line: lineNumber, column: column,
                                 columnName: column.map { inputHeader[$0 - 1] }, message: message)
            }
            if !sawHeader {
                guard fields == inputHeader else {
                    throw ReplayInputError(file: fileName, line: lineNumber, column: nil, columnName: nil,
                                           message: "expected the header \"\(inputHeader.joined(separator: ","))\"")
                }
                sawHeader = true
                continue
            }
            guard fields.count == inputHeader.count else {
                throw ReplayInputError(file: fileName, line: lineNumber, column: nil, columnName: nil,
                                       message: "expected \(inputHeader.count) fields, found \(fields.count)")
            }
            guard let time = Int64(fields[0]), time >= 0, time <= maximumTime, fields[0].allSatisfy(\.isNumber) else {
                throw fail(1, "invalid time \"\(fields[0])\": want whole seconds from 0 to \(maximumTime)")
            }
            if let previous = observations.last, time <= previous.time {
                throw fail(1, "time \(time) does not increase (previous row has \(previous.time))")
            }
            guard let ready = Int32(fields[1]), ready >= 0, fields[1].allSatisfy(\.isNumber) else {
                throw fail(2, "invalid ready pod count \"\(fields[1])\": want a whole number >= 0")
            }
            guard let concurrency = GoValueParsing.float(fields[2]) else {
                throw fail(3, "invalid number \"\(fields[2])\"")
            }
            guard let rps = GoValueParsing.float(fields[3]) else {
                throw fail(4, "invalid number \"\(fields[3])\"")
            }
            observations.append(ReplayObservation(time: time, readyPods: Int(ready), concurrency: concurrency, rps: rps))
        }
        guard sawHeader else {
            throw ReplayInputError(file: fileName, line: max(lineNumber, 1), column: nil, columnName: nil,
                                   message: "empty file: expected the header \"\(inputHeader.joined(separator: ","))\"")
        }
        guard !observations.isEmpty else {
            throw ReplayInputError(file: fileName, line: lineNumber, column: nil, columnName: nil, message: "no data rows")
        }
        return observations
    }

    /// The decision rows as CSV text, with the header.
    public static func format(_ decisions: [ReplayDecision]) -> String {
        var out = outputHeader.joined(separator: ",") + "\n"
        for d in decisions {
            out += "\(d.time),\(d.desiredPods),\(d.inPanic ? 1 : 0),\(d.excessBurstCapacity),"
            out += CSVNumber.format(d.stableValue) + "," + CSVNumber.format(d.panicValue) + "\n"
        }
        return out
    }

    /// Parses an output CSV back (for tests and comparisons of runs).
    public static func parseDecisions(_ text: String, fileName: String) throws(ReplayInputError) -> [ReplayDecision] {
        var decisions: [ReplayDecision] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            if lineNumber == 1 {
                guard fields == outputHeader else {
                    throw ReplayInputError(file: fileName, line: 1, column: nil, columnName: nil, message: "unexpected header")
                }
                continue
            }
            guard fields.count == outputHeader.count,
                  let time = Int64(fields[0]), let desired = Int32(fields[1]), let panic = Int(fields[2]),
                  let ebc = Int32(fields[3]), let stable = Double(fields[4]), let panicValue = Double(fields[5])
            else {
                throw ReplayInputError(file: fileName, line: lineNumber, column: nil, columnName: nil, message: "malformed row")
            }
            decisions.append(ReplayDecision(time: time, desiredPods: desired, inPanic: panic != 0,
                                            excessBurstCapacity: ebc, stableValue: stable, panicValue: panicValue))
        }
        return decisions
    }
}

/// How replay output writes floating-point values, so that equal runs give equal bytes
/// on every platform:
/// * the shortest decimal that reads back as the same `Double` (Swift's own
///   round-trip algorithm, which does not depend on the C library);
/// * always positional, never exponent notation (`0.00001`, not `1e-05`);
/// * whole values without a fraction (`3`, not `3.0`); negative zero as `0`;
/// * non-finite values as `nan`, `inf`, `-inf` (they cannot occur from valid input).
public enum CSVNumber {
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        let text = value.magnitude.description           // e.g. "12.5", "1e-05", "1.2e+20"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        // digits without the point, and where the point goes.
        var digits = ""
        var pointPosition = 0
        var sawPoint = false
        for c in mantissa {
            if c == "." { sawPoint = true; continue }
            digits.append(c)
            if !sawPoint { pointPosition += 1 }
        }
        pointPosition += exponent
        // Strip leading zeros (keeping the point position consistent) and trailing zeros.
        while digits.count > 1 && digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1 && digits.last == "0" && digits.count > max(pointPosition, 0) {
            digits.removeLast()
        }
        var result: String
        if pointPosition <= 0 {
            result = "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            result = digits + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            let i = digits.index(digits.startIndex, offsetBy: pointPosition)
            result = String(digits[..<i]) + "." + String(digits[i...])
        }
        return value < 0 ? "-" + result : result
    }
}
