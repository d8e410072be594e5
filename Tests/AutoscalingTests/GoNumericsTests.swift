import Foundation
import Testing
@testable import Autoscaling

@Suite("Go-exact numerics")
struct GoNumericsTests {
    /// α for 1–41 buckets must be Go's values bit for bit (Fixtures/go-pow-alpha.csv is
    /// shared/reference/go-pow-alpha.csv); from 42 buckets on it is the 0.2 floor.
    @Test func alphaMatchesGoTableBitForBit() throws {
        let lines = try Fixture.text("go-pow-alpha.csv").split(separator: "\n").dropFirst()
        #expect(lines.count == 41)
        for line in lines {
            let f = line.split(separator: ",")
            let buckets = try #require(Int(f[0]))
            let bits = try #require(UInt64(f[1], radix: 16))
            #expect(WeightedExponentialAlpha.alpha(buckets: buckets).bitPattern == bits, "buckets=\(buckets)")
            #expect(Double(bitPattern: bits) == Double(String(f[2])), "the CSV's two columns agree")
        }
        for buckets in [42, 60, 600, 3600] {
            #expect(WeightedExponentialAlpha.alpha(buckets: buckets) == 0.2)
            // The formula really is below the floor there.
            #expect(1 - Foundation.pow(1 - 0.9999, 1 / Double(buckets)) < 0.2)
        }
        #expect(1 - Foundation.pow(1 - 0.9999, 1.0 / 41) > 0.2)
    }

    /// Go's integer power multiplies the lowest bits first: x^7 = (x · x²) · x⁴, which is
    /// not always the same double as other groupings.
    @Test func powUsesGoMultiplicationOrder() {
        for buckets in 1...41 {
            let x = 1 - WeightedExponentialAlpha.alpha(buckets: buckets)
            let x2 = x * x, x4 = x2 * x2, x8 = x4 * x4
            #expect(GoNumerics.powWholeExponent(x, 0) == 1)
            #expect(GoNumerics.powWholeExponent(x, 1) == x)
            #expect(GoNumerics.powWholeExponent(x, 2) == x2)
            #expect(GoNumerics.powWholeExponent(x, 3) == x * x2)
            #expect(GoNumerics.powWholeExponent(x, 7) == (x * x2) * x4)
            #expect(GoNumerics.powWholeExponent(x, 13) == (x * x4) * x8)   // 13 = 1101b
        }
        // Somewhere the grouping matters, so the assertions above have teeth.
        let differs = (1...41).contains { b in
            let x = 1 - WeightedExponentialAlpha.alpha(buckets: b)
            let x2 = x * x, x4 = x2 * x2
            return (x * x2) * x4 != (x4 * x2) * x
        }
        #expect(differs)
    }

    /// Long weighted windows underflow the way Go's Ldexp does: gradually into
    /// subnormals, then to 0 below 2^-1075.
    @Test func powUnderflowsLikeGo() {
        #expect(GoNumerics.powWholeExponent(0.8, 3600) == 0)
        #expect(GoNumerics.powWholeExponent(0.5, 1074) == 0x1p-1074)     // smallest subnormal, exact
        #expect(GoNumerics.powWholeExponent(0.5, 1075) == 0)             // Go's cut-off
        #expect(GoNumerics.powWholeExponent(0.5, 1030) == 0x1p-1030)     // exact subnormal
        let sub = GoNumerics.powWholeExponent(0.8, 3200)                 // ≈ 1.4e-310, subnormal
        #expect(sub > 0 && sub < Double.leastNormalMagnitude)
        #expect(GoNumerics.ldexp(0.75, -1074) == 0x1p-1074)              // 0.75 ulp rounds once, up to 1 ulp
        #expect(GoNumerics.ldexp(0.5, 2) == 2)
        #expect(GoNumerics.ldexp(0.5, 1025) == .infinity)
    }

    @Test func frexpMatchesDefinition() {
        for x in [0.8, 0.5, 1.0, 3.0, 1e-310, 0.2] {
            let (f, e) = GoNumerics.frexp(x)
            #expect(f >= 0.5 && f < 1)
            #expect(f * Foundation.pow(2.0, Double(e)) == x)
        }
    }

    /// Go's math.Round: halves away from zero, not to even.
    @Test func roundingIsHalfAwayFromZero() {
        #expect(GoNumerics.roundTo6Digits(0.0000025) == 0.000003)
        #expect(GoNumerics.roundTo6Digits(-0.0000025) == -0.000003)
        #expect(GoNumerics.roundTo6Digits(2.5e-6) != (2.5e-6 * 1e6).rounded(.toNearestOrEven) / 1e6)
        #expect(GoNumerics.roundTo6Digits(10.0 / 3) == 3.333333)
    }

    /// Go's int32(float64) on amd64: truncation; out of range and NaN → Int32.min.
    @Test func int32ConversionLikeAmd64() {
        #expect(GoNumerics.int32(-140.5) == -140)
        #expect(GoNumerics.int32(140.9) == 140)
        #expect(GoNumerics.int32(2_147_483_647.9) == Int32.max)
        #expect(GoNumerics.int32(2_147_483_648) == Int32.min)
        #expect(GoNumerics.int32(-2_147_483_648.5) == Int32.min + 0)
        #expect(GoNumerics.int32(-3e9) == Int32.min)
        #expect(GoNumerics.int32(.nan) == Int32.min)
    }
}

@Suite("Go value syntax")
struct GoValueParsingTests {
    @Test func durations() {
        let s = KPATiming.nanosecondsPerSecond
        let cases: [(String, Int64?)] = [
            ("60s", 60 * s), ("0", 0), ("0s", 0), ("1m30s", 90 * s), ("1.5s", 1_500_000_000),
            ("2m3s", 123 * s), ("15m", 900 * s), ("1h1s", 3601 * s), ("61984ms", 61_984_000_000),
            ("-1m23s", -83 * s), ("+5s", 5 * s), ("1m9s82ms", 69_082_000_000), ("300us", 300_000),
            ("300µs", 300_000), ("7ns", 7), (".5s", 500_000_000), ("1.s", s),
            ("60", nil), ("", nil), ("s", nil), ("1x", nil), ("not a duration", nil), ("1 s", nil),
            ("twenty-two-minutes-and-five-seconds", nil), ("3000000h", nil),
        ]
        for (text, want) in cases { #expect(GoValueParsing.duration(text) == want, "\(text)") }
    }

    @Test func floats() {
        let cases: [(String, Double?)] = [
            ("10.0", 10), ("70", 70), ("-1", -1), ("1e3", 1000), ("0.71", 0.71), (".5", 0.5), ("5.", 5),
            ("+2", 2), ("1.001", 1.001), ("", nil), ("not a float", nil), ("1,5", nil), (" 1", nil),
            ("NaN", nil), ("Inf", nil), ("1e400", nil), ("0x10", nil), ("100}", nil), ("1e", nil),
        ]
        for (text, want) in cases { #expect(GoValueParsing.float(text) == want, "\(text)") }
    }

    @Test func ints() {
        let cases: [(String, Int32?)] = [
            ("0", 0), ("5", 5), ("-1", -1), ("+3", 3), ("2147483647", .max), ("2147483648", nil),
            ("2.0", nil), ("", nil), ("foo", nil), ("1e3", nil),
        ]
        for (text, want) in cases { #expect(GoValueParsing.int32(text) == want, "\(text)") }
    }

    @Test func bools() {
        for t in ["1", "t", "T", "TRUE", "true", "True"] { #expect(GoValueParsing.bool(t) == true) }
        for f in ["0", "f", "F", "FALSE", "false", "False"] { #expect(GoValueParsing.bool(f) == false) }
        for bad in ["yes", "tRUE", "", "invalid"] { #expect(GoValueParsing.bool(bad) == nil) }
    }
}
