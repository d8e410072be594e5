import Foundation
import Testing

/// Reads a file of Tests/AutoscalingTests/Fixtures (copied into the test bundle).
enum Fixture {
    static func text(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
                               "missing fixture \(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }
}
