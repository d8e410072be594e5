/// The smoothing coefficient α of Knative's weighted-exponential average.
///
/// Knative computes α = max(1 − (1 − 0.9999)^(1/n), 0.2) for a window of n buckets
/// (`computeSmoothingCoeff`, pkg/autoscaler/aggregation/bucketing.go). The power has a
/// fractional exponent, so Go evaluates it with its own `Exp(y * Log(x))`, which on
/// amd64 differs from a correctly rounded `pow` by up to ~50 ulp. To agree with
/// Knative bit for bit we use Go's values, recorded in
/// shared/reference/go-pow-alpha.csv (IEEE-754 bit patterns), for 1–41 buckets; from 42
/// buckets on the maximum is the constant 0.2 (`minExponent`).
public enum WeightedExponentialAlpha {
    /// `minExponent` in bucketing.go: the smallest α Knative uses.
    public static let minimum = 0.2

    /// Go's α for 1...41 buckets, as bit patterns (index 0 is 1 bucket).
    private static let goAlphaBits: [UInt64] = [
        0x3fefff2e48e8a71e, 0x3fefae147ae147ae, 0x3fee83c2d3b29c00, 0x3feccccccccccccd,
        0x3feaeda7cea25322, 0x3fe91b164c4fd313, 0x3fe76a55ea2d4d4e, 0x3fe5e1764edbdb78,
        0x3fe47ff2a61354f0, 0x3fe342b4c0456da6, 0x3fe225e0f651c875, 0x3fe1259c44fa1806,
        0x3fe03e5af817ed46, 0x3fded9f2dd0e590e, 0x3fdd5d7a7d79085a, 0x3fdc029987c78fc4,
        0x3fdac5470e8ff2d6, 0x3fd9a20ccf9a6fc0, 0x3fd895f1628af6c4, 0x3fd79e6516125710,
        0x3fd6b931928b3ae0, 0x3fd5e46c0b493610, 0x3fd51e69ace24b40, 0x3fd465b5f317ccee,
        0x3fd3b90a9762c476, 0x3fd31748d3187e76, 0x3fd27f73ba9a9826, 0x3fd1f0ab80c3dbfc,
        0x3fd16a297a466490, 0x3fd0eb3cbfe2917e, 0x3fd0734754586290, 0x3fd001bbb7dd44cc,
        0x3fcf2c35adc3c7c0, 0x3fce5fe48a6c07a8, 0x3fcd9db5727d3cc8, 0x3fcce4ed7a33b780,
        0x3fcc34e31a9a8300, 0x3fcb8cfc3c10b5ac, 0x3fcaecac826245d8, 0x3fca5373d0c8ef30,
        0x3fc9c0dcfdbc3fbc,
    ]

    /// The largest bucket count whose α is above the 0.2 floor.
    public static let tabulatedBucketCount = 41

    /// α for a window of `buckets` buckets (at least 1).
    public static func alpha(buckets: Int) -> Double {
        precondition(buckets >= 1, "a window has at least one bucket")
        if buckets <= tabulatedBucketCount {
            return Double(bitPattern: goAlphaBits[buckets - 1])
        }
        return minimum
    }
}
