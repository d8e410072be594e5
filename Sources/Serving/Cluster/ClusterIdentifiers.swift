/// Small integer identities for the cluster model's hot structures: arrays are indexed
/// by them, so no hashing or string comparison happens per event.

/// A pod's identity, allocated (and reused) by the caller's pod table. The cluster keeps
/// per-pod placement in an array indexed by it, so its memory follows the largest id in
/// use at once, not the number of pods ever created.
public struct PodID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    @inlinable public init(_ index: Int) {
        precondition(index >= 0 && index <= Int(Int32.max), "pod index \(index) out of range")
        rawValue = Int32(index)
    }

    @inlinable public var index: Int { Int(rawValue) }
    @inlinable public static func < (a: PodID, b: PodID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "pod#\(rawValue)" }
}

/// A container image known to the scenario (its name and size live in `ImageCatalog`).
public struct ImageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    @inlinable public init(_ index: Int) {
        precondition(index >= 0 && index <= Int(Int32.max), "image index \(index) out of range")
        rawValue = Int32(index)
    }

    @inlinable public var index: Int { Int(rawValue) }
    @inlinable public static func < (a: ImageID, b: ImageID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "image#\(rawValue)" }
}

/// A node pool: its index in the cluster's `pools`.
public struct PoolID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    @inlinable public init(_ index: Int) {
        precondition(index >= 0 && index <= Int(Int32.max), "pool index \(index) out of range")
        rawValue = Int32(index)
    }

    @inlinable public var index: Int { Int(rawValue) }
    @inlinable public static func < (a: PoolID, b: PoolID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "pool#\(rawValue)" }
}

/// A node: the slot it occupies in the cluster's node array, and that slot's generation.
///
/// Slots are reused after a node is removed (so a run in which the cluster autoscaler
/// adds and removes nodes for hours keeps a fixed-size node array); the generation tells
/// a stale id (say, an image pull finishing on a node that has since been removed) from
/// the slot's new node. Ordered by slot: "lowest node id" in tie-breaks means lowest slot.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let slot: Int32
    public let generation: UInt32

    @inlinable public init(slot: Int, generation: UInt32) {
        precondition(slot >= 0 && slot <= Int(Int32.max), "node slot \(slot) out of range")
        self.slot = Int32(slot)
        self.generation = generation
    }

    @inlinable public static func < (a: NodeID, b: NodeID) -> Bool {
        (a.slot, a.generation) < (b.slot, b.generation)
    }

    public var description: String { "node#\(slot)" + (generation == 0 ? "" : ".\(generation)") }
}
