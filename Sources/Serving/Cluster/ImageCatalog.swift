/// The container images of a scenario: names and sizes, indexed by `ImageID`.
///
/// Names are for input and reports only; everything that runs per event uses the id.
public struct ImageCatalog: Sendable {
    public private(set) var names: [String] = []
    /// Compressed size as pulled from the registry, in bytes.
    public private(set) var sizes: [Int64] = []

    public init() {}

    public var count: Int { names.count }

    /// Registers an image (or returns the existing id of one with that name; its size
    /// must then be the same).
    @discardableResult
    public mutating func register(name: String, sizeBytes: Int64) -> ImageID {
        precondition(sizeBytes >= 0, "image \(name): negative size")
        if let existing = id(named: name) {
            precondition(sizes[existing.index] == sizeBytes, "image \(name) registered twice with different sizes")
            return existing
        }
        names.append(name)
        sizes.append(sizeBytes)
        return ImageID(names.count - 1)
    }

    /// Linear search: for building scenarios, not for the hot path.
    public func id(named name: String) -> ImageID? {
        names.firstIndex(of: name).map(ImageID.init)
    }

    @inlinable public func size(of image: ImageID) -> Int64 { sizes[image.index] }
    @inlinable public func name(of image: ImageID) -> String { names[image.index] }
}

/// A set of images as a bit set sized once for the catalog: membership and insertion
/// are O(1) and allocate nothing.
public struct ImageSet: Hashable, Sendable {
    @usableFromInline var words: [UInt64]

    public init(capacity: Int) {
        words = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    @inlinable public func contains(_ image: ImageID) -> Bool {
        let w = image.index >> 6
        return w < words.count && words[w] & (1 << UInt64(image.index & 63)) != 0
    }

    /// Returns true when the image was not already present.
    @inlinable @discardableResult
    public mutating func insert(_ image: ImageID) -> Bool {
        let w = image.index >> 6
        precondition(w < words.count, "\(image) outside the image catalog")
        let bit: UInt64 = 1 << UInt64(image.index & 63)
        let inserted = words[w] & bit == 0
        words[w] |= bit
        return inserted
    }

    public mutating func removeAll() {
        for i in words.indices { words[i] = 0 }
    }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The members in increasing id order.
    public var members: [ImageID] {
        var result: [ImageID] = []
        for (w, word) in words.enumerated() where word != 0 {
            for b in 0..<64 where word & (1 << UInt64(b)) != 0 { result.append(ImageID(w * 64 + b)) }
        }
        return result
    }
}
