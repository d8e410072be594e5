/// An amount of the two resources the scheduler and the cluster autoscaler account for:
/// CPU in millicores and memory in bytes, as Kubernetes counts them (`resources.requests`).
///
/// Integers, as in Kubernetes' own arithmetic, so that fit decisions and scores are
/// exact and identical on every machine.
public struct ResourceList: Hashable, Sendable, CustomStringConvertible {
    public var milliCPU: Int64
    public var memoryBytes: Int64

    @inlinable public init(milliCPU: Int64, memoryBytes: Int64) {
        self.milliCPU = milliCPU
        self.memoryBytes = memoryBytes
    }

    public static let zero = ResourceList(milliCPU: 0, memoryBytes: 0)

    @inlinable public static func + (a: ResourceList, b: ResourceList) -> ResourceList {
        ResourceList(milliCPU: a.milliCPU + b.milliCPU, memoryBytes: a.memoryBytes + b.memoryBytes)
    }

    @inlinable public static func - (a: ResourceList, b: ResourceList) -> ResourceList {
        ResourceList(milliCPU: a.milliCPU - b.milliCPU, memoryBytes: a.memoryBytes - b.memoryBytes)
    }

    @inlinable public static func += (a: inout ResourceList, b: ResourceList) { a = a + b }
    @inlinable public static func -= (a: inout ResourceList, b: ResourceList) { a = a - b }

    /// True when every component is at most the other's (the order Kubernetes' Fit
    /// filter uses: a pod fits when, for each resource, used + request <= allocatable).
    @inlinable public func isWithin(_ limit: ResourceList) -> Bool {
        milliCPU <= limit.milliCPU && memoryBytes <= limit.memoryBytes
    }

    @inlinable public var isNonNegative: Bool { milliCPU >= 0 && memoryBytes >= 0 }

    public var description: String { "\(milliCPU)m CPU, \(memoryBytes) B" }
}

/// Byte quantities with Kubernetes' suffixes: `Mi`/`Gi` are binary, `M`/`G` decimal.
public enum ByteQuantity {
    @inlinable public static func mebibytes(_ n: Int64) -> Int64 { n * 1_048_576 }
    @inlinable public static func gibibytes(_ n: Int64) -> Int64 { n * 1_073_741_824 }
    @inlinable public static func megabytes(_ n: Int64) -> Int64 { n * 1_000_000 }
    @inlinable public static func gigabytes(_ n: Int64) -> Int64 { n * 1_000_000_000 }
}
