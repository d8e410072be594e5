import Testing
@testable import RealMode

@Suite struct RealModeSkeletonTests {
    @Test func targetLinks() { #expect(String(describing: RealMode.self) == "RealMode") }
}
