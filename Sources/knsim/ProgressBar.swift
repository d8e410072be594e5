import Foundation

/// A one-line progress bar on stderr, shown only when stderr is a terminal and the run
/// has already taken more than a second (short runs and CI logs stay clean). Uses the
/// wall clock for display only; it never affects a result.
struct ProgressBar {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var shown = false
    let label: String

    init(label: String) { self.label = label }

    mutating func update(fraction: Double) {
        guard enabled, Date().timeIntervalSince(started) > 1 else { return }
        let width = 30
        let done = Int((min(max(fraction, 0), 1) * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: done) + String(repeating: "-", count: width - done)
        let percent = Int((fraction * 100).rounded(.down))
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%".utf8))
        shown = true
    }

    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
