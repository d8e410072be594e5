/// The comma-separated fields of one line, as byte ranges into a reused array.
///
/// The trace formats read here are plain CSV: no quoting, no embedded commas. Spaces
/// and tabs around a field are ignored.
struct CSVFields {
    private(set) var ranges: [Range<Int>] = []
    private(set) var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    var count: Int { ranges.count }

    /// Splits `line`; the bytes must stay valid while the fields are read.
    mutating func split(_ line: UnsafeBufferPointer<UInt8>) {
        bytes = line
        ranges.removeAll(keepingCapacity: true)
        var start = 0
        for i in 0..<line.count where line[i] == UInt8(ascii: ",") {
            ranges.append(Self.trimmed(line, start..<i))
            start = i + 1
        }
        ranges.append(Self.trimmed(line, start..<line.count))
    }

    /// Only the first `n` fields' ranges (cheap scan of a long row for its key).
    mutating func splitPrefix(_ line: UnsafeBufferPointer<UInt8>, fields n: Int) {
        bytes = line
        ranges.removeAll(keepingCapacity: true)
        var start = 0
        var i = 0
        while i < line.count && ranges.count < n {
            if line[i] == UInt8(ascii: ",") {
                ranges.append(Self.trimmed(line, start..<i))
                start = i + 1
            }
            i += 1
        }
        if ranges.count < n { ranges.append(Self.trimmed(line, start..<line.count)) }
    }

    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    private static func trimmed(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi && (line[lo] == 0x20 || line[lo] == 0x09) { lo += 1 }
        while hi > lo && (line[hi - 1] == 0x20 || line[hi - 1] == 0x09) { hi -= 1 }
        return lo..<hi
    }

    func string(_ i: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[ranges[i]]), as: UTF8.self)
    }

    func equals(_ i: Int, _ utf8: [UInt8]) -> Bool {
        let r = ranges[i]
        return r.count == utf8.count && bytes[r].elementsEqual(utf8)
    }

    /// A finite decimal number, or nil ("nan", "inf", hex floats and garbage are
    /// rejected: a trace holds measurements).
    func double(_ i: Int) -> Double? {
        let r = ranges[i]
        guard !r.isEmpty, r.count < 64 else { return nil }
        for b in bytes[r] {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                continue
            default:
                return nil
            }
        }
        guard let v = Double(string(i)), v.isFinite else { return nil }
        return v
    }

    /// A non-negative decimal integer, or nil.
    func unsignedInteger(_ i: Int) -> UInt64? {
        let r = ranges[i]
        guard !r.isEmpty, r.count <= 19 else { return nil }
        var v: UInt64 = 0
        for b in bytes[r] {
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + UInt64(b - UInt8(ascii: "0"))
        }
        return v
    }

    /// A header row's column positions by name. Names are looked up, never iterated,
    /// so dictionary order cannot leak into anything.
    func header() -> [String: Int] {
        var map: [String: Int] = [:]
        for i in 0..<count where map[string(i)] == nil { map[string(i)] = i }
        return map
    }
}
