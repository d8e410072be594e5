/// Floating-point and integer operations whose exact results Knative's decisions depend
/// on, written to give the same bits as the Go code Knative runs on amd64.
///
/// Why this file exists: the KPA takes `ceil()` and `floor()` of averages, so a one-ulp
/// difference in an average can change a pod count or the sign of the excess burst
/// capacity. See shared/reference/knative-kpa.md, section 11.
enum GoNumerics {
    /// Go's `roundToNDigits(6, x)` from pkg/autoscaler/aggregation/bucketing.go:
    /// `math.Round(x * 1e6) / 1e6`, where `math.Round` rounds half away from zero
    /// (not to even).
    @inline(__always)
    static func roundTo6Digits(_ x: Double) -> Double {
        (x * 1e6).rounded(.toNearestOrAwayFromZero) / 1e6
    }

    /// Go's `roundToNDigits(n, x)` for 0 ≤ n ≤ 22 (`math.Pow10(n)` is exact there).
    static func roundToDigits(_ n: Int, _ x: Double) -> Double {
        precondition((0...22).contains(n))
        var p = 1.0
        for _ in 0..<n { p *= 10 }   // exact: every 10^k, k ≤ 22, is a double
        return (x * p).rounded(.toNearestOrAwayFromZero) / p
    }

    /// Go's `math.Pow(x, Double(n))` for a whole, non-negative exponent `n`, as the
    /// weighted-exponential average uses it for `(1 - alpha)^z`.
    ///
    /// For a whole exponent Go's `Pow` uses no `Exp`/`Log`: it splits `x` into a mantissa in
    /// [0.5, 1) and a power of two (`Frexp`), multiplies mantissas by repeated squaring
    /// over the bits of `n`, lowest bit first, renormalising the squared mantissa, and
    /// applies the accumulated power of two at the end (`Ldexp`). The multiplication
    /// order decides the last bit, and `Ldexp` decides where long windows underflow to
    /// 0, so both are reproduced here (src/math/pow.go, src/math/ldexp.go).
    static func powWholeExponent(_ x: Double, _ n: Int) -> Double {
        precondition(n >= 0, "the KPA never raises to a negative power")
        if n == 0 || x == 1 { return 1 }
        if n == 1 { return x }
        if x.isNaN { return .nan }
        if x == 0 { return (n & 1 == 1) ? x : 0 }
        if x.isInfinite {
            if x < 0 { return (n & 1 == 1) ? -.infinity : .infinity }
            return .infinity
        }
        var (mantissa, exponent) = frexp(x)
        var accumulated = 1.0
        var accumulatedExponent = 0
        var bits = n
        while bits != 0 {
            if exponent < -(1 << 12) || (1 << 12) < exponent {
                // The final ldexp over/underflows anyway; Go stops here too.
                accumulatedExponent += exponent
                break
            }
            if bits & 1 == 1 {
                accumulated *= mantissa
                accumulatedExponent += exponent
            }
            mantissa *= mantissa
            exponent <<= 1
            if mantissa < 0.5 {
                mantissa += mantissa
                exponent -= 1
            }
            bits >>= 1
        }
        return ldexp(accumulated, accumulatedExponent)
    }

    /// Go's `math.Frexp` for finite non-zero `x`: `x = fraction * 2^exponent` with
    /// |fraction| in [0.5, 1).
    static func frexp(_ x: Double) -> (fraction: Double, exponent: Int) {
        // Swift's significand is in [1, 2) (also for subnormals); halving is exact.
        let fraction = x.significand / 2
        return (x.sign == .minus ? -fraction : fraction, Int(x.exponent) + 1)
    }

    /// Go's `math.Ldexp`: `fraction * 2^exponent`. Results below 2^-1075 are 0 (Go's
    /// cut-off, even where correct rounding would give the smallest subnormal); a
    /// subnormal result is rounded once, by the final multiplication by 2^-53.
    static func ldexp(_ fraction: Double, _ exponent: Int) -> Double {
        if fraction == 0 || !fraction.isFinite { return fraction }
        var value = fraction
        var exp = exponent
        if value.magnitude < Double.leastNormalMagnitude {
            value *= 0x1p52
            exp -= 52
        }
        var bits = value.bitPattern
        exp += Int((bits >> 52) & 0x7ff) - 1023
        if exp < -1075 { return fraction < 0 ? -0.0 : 0.0 }
        if exp > 1023 { return fraction < 0 ? -.infinity : .infinity }
        var scale = 1.0
        if exp < -1022 {
            exp += 53
            scale = 0x1p-53
        }
        bits &= ~(UInt64(0x7ff) << 52)
        bits |= UInt64(exp + 1023) << 52
        return scale * Double(bitPattern: bits)
    }

    /// Go's `int32(x)` for a float64 on amd64 (CVTTSD2SL): truncation toward zero;
    /// NaN and values outside the int32 range give the "integer indefinite" value
    /// `Int32.min`. Used where Knative converts the excess burst capacity and pod
    /// counts to int32.
    @inline(__always)
    static func int32(_ x: Double) -> Int32 {
        guard x > -2_147_483_649.0, x < 2_147_483_648.0 else { return .min }
        return Int32(x.rounded(.towardZero))
    }

    /// Floor division for times (Go truncates toward zero, but Knative only divides
    /// non-negative times; floor keeps ring-buffer indices consistent if a caller
    /// ever passes a time before the run started).
    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// A non-negative remainder, for ring-buffer slots.
    @inline(__always)
    static func slot(_ index: Int64, _ count: Int) -> Int {
        let r = Int(index % Int64(count))
        return r < 0 ? r + count : r
    }
}
