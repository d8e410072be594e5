import Engine

extension Cluster {
    @inlinable public func hasImage(_ image: ImageID, on id: NodeID) -> Bool {
        contains(id) && slots[Int(id.slot)].images.contains(image)
    }

    /// When a pull of `image` under way on the node completes, if one is.
    public func pullCompletion(of image: ImageID, on id: NodeID) -> SimTime? {
        contains(id) ? slots[Int(id.slot)].pulls.completion(of: image) : nil
    }

    /// Asks the node for `image` at `now`: nothing to do if it holds it, joins the pull
    /// under way if there is one, else queues a new pull (see `ImagePullSettings`).
    /// For `.started`, the caller schedules an event at the completion time that calls
    /// `pullFinished`; `.joined` needs no event of its own.
    public mutating func startPull(_ image: ImageID, on id: NodeID, at now: SimTime) -> ImagePullOutcome {
        precondition(contains(id), "pull on \(id), which is not in the cluster")
        let s = Int(id.slot)
        if slots[s].images.contains(image) { return .present }
        if let completes = slots[s].pulls.completion(of: image) { return .joined(completesAt: completes) }
        let duration = imagePulls.pullDuration(bytes: images.size(of: image))
        return .started(completesAt: slots[s].pulls.enqueue(image, duration: duration, now: now))
    }

    /// Records that the pull of `image` on the node finished at `now`: the node now
    /// holds the image. Returns false, changing nothing, when the node has been removed
    /// since the pull started (a stale completion event) or already holds the image.
    @discardableResult
    public mutating func pullFinished(_ image: ImageID, on id: NodeID, at now: SimTime) -> Bool {
        guard contains(id) else { return false }
        let s = Int(id.slot)
        if slots[s].images.contains(image) { return false }
        guard let completes = slots[s].pulls.completion(of: image) else {
            preconditionFailure("pullFinished of \(image) on \(id), which has no pull under way")
        }
        precondition(now >= completes, "pullFinished of \(image) on \(id) at \(now), before its completion \(completes)")
        slots[s].pulls.finish(image)
        slots[s].images.insert(image)
        nodesHoldingImage[image.index] += 1
        return true
    }
}
