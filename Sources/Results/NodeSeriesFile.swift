import Foundation
import Serving

extension ResultFiles {
    public static let podsByNodeHeader = "time,node,pods,ready"

    /// pods_by_node.csv: one row per node per simulated second (long format), in time
    /// order, then pool order, then the node's ordinal in its pool.
    public static func podsByNodeCSV(_ rows: [NodePodsRow]) -> Data {
        var text = podsByNodeHeader + "\n"
        text.reserveCapacity(rows.count * 24)
        for row in rows {
            text += NumberText.format(row.time)
            text += ","
            text += row.node
            text += ","
            text += String(row.pods)
            text += ","
            text += String(row.ready)
            text += "\n"
        }
        return Data(text.utf8)
    }
}
