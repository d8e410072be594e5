import Testing
@testable import knsim

@Suite struct SparklineTests {
    @Test(arguments: [
        ([0.0, 1, 2, 3, 4, 5, 6, 7], 8, "▁▂▃▄▅▆▇█"),
        ([0.0, 0, 0], 10, "▁▁▁"),                 // all zero: flat, no division by zero
        ([0.0, 0.01, 100], 3, "▁▂█"),             // a little is never drawn as none
        ([2.0, 2, 2, 2], 4, "████"),              // constant: every column is the maximum
        ([1.0, 3, 0, 0, 8, 8], 3, "▃▁█"),         // pairs averaged: 2, 0, 8
        ([], 5, ""),
    ] as [([Double], Int, String)])
    func rendersColumns(values: [Double], width: Int, expected: String) {
        #expect(Sparkline.render(values, width: width) == expected)
    }

    @Test func squeezesALongSeriesIntoTheWidthDeterministically() {
        let values = (0..<1000).map { Double($0 % 100) }
        let line = Sparkline.render(values, width: 60)
        #expect(line.count == 60)
        #expect(line == Sparkline.render(values, width: 60))
        #expect(Sparkline.downsample([1, 2, 3, 4, 5], width: 2) == [1.5, 4])
    }
}
