import Foundation
import RealMode
import Scenario

extension RealModeOptions {
    /// The scenario, with the `--calibration` fragment (from `knsim calibrate`) applied
    /// as overrides: its hop latencies replace the scenario's, and its startup phases
    /// replace those of every revision.
    func loadCalibratedScenario(_ path: String) throws -> Scenario {
        guard let calibration else { return try loadScenario(path) }
        let scenario = try loadScenario(path)
        guard let data = FileManager.default.contents(atPath: calibration) else {
            throw KnsimFailure.badInput("--calibration: cannot read \(calibration)")
        }
        let overrides: [ScenarioOverride]
        do {
            overrides = try CalibrationFragment.overrides(in: String(decoding: data, as: UTF8.self),
                                                          file: calibration, for: scenario)
        } catch {
            throw KnsimFailure.badInput(error.description)
        }
        return try loadScenario(path, overrides: overrides)
    }
}
