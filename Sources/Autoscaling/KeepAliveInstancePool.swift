/// An instance of a scale-per-request platform. Ids grow with creation, so a larger id
/// is a more recently created instance.
public struct InstanceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64

    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    public static func < (a: InstanceID, b: InstanceID) -> Bool { a.rawValue < b.rawValue }

    public var description: String { "instance-\(rawValue)" }
}

/// The instances of one function on a scale-per-request platform (AWS Lambda style,
/// SimFaaS's model; shared/reference/platform-figures.md, last section), request by
/// request:
/// * one request per instance;
/// * a request goes to the **most recently created** idle instance, else a new instance
///   starts for it (a cold start) and is busy from its creation;
/// * a finished instance stays idle until a deadline (its keep-alive), or is unloaded at
///   once and a fresh one loaded later when the policy pre-warms (`IdleWindows`);
/// * an idle instance is destroyed by `expire(_:at:)` only if it is still idle and its
///   deadline has been reached — a request in between moves the deadline.
///
/// The pool owns no clock and no timers: the simulation schedules an expiry event at each
/// deadline it gets back (and a pre-warm event for each unload), and calls the pool when
/// they fire. An instance whose deadline is now but whose expiry event has not yet run is
/// still warm to `requestArrived(at:)`; a caller that wants the order-independent rule
/// "an instance is gone at its deadline" expires `mostRecentIdle` first while its
/// deadline is not after now (`KeepAliveSimulation` does). Deterministic: no hashing
/// order is ever observable.
public struct KeepAliveInstancePool: Sendable {
    /// Where a request runs.
    public enum Placement: Sendable, Equatable {
        /// On an idle instance (a warm start).
        case warm(InstanceID)
        /// On a new instance (a cold start).
        case cold(InstanceID)

        public var instance: InstanceID {
            switch self {
            case let .warm(id), let .cold(id): return id
            }
        }

        public var isCold: Bool { if case .cold = self { return true } else { return false } }
    }

    /// What became of an instance after its request, under given windows.
    public enum Completion: Sendable, Equatable {
        /// Idle and kept loaded until the deadline (schedule `expire` then).
        case keptAlive(until: Int64)
        /// Unloaded at once; load a fresh instance with `prewarm(at: reloadAt, keepAlive:)`.
        case unloaded(reloadAt: Int64, keepAlive: Int64)
    }

    private enum State: Sendable, Equatable {
        case busy
        case idle(expiresAt: Int64)
        case gone
    }

    /// The fixed policy `requestCompleted(_:at:)` applies.
    public let policy: KeepAlivePolicy
    /// `states[i]` is instance `base + i`'s. Ids are handed out in order, so this is a
    /// window from the oldest instance that may still live to the newest, looked up by
    /// subtraction rather than hashing (hashing was a fifth of a simulation's time).
    /// Gone instances at the front are dropped in batches (`dropGoneFront`), so memory
    /// follows the span of live ids, not the instances ever created.
    private var states: [State] = []
    private var base: Int64 = 0
    /// States before `head` are all `.gone`.
    private var head = 0
    /// An idle instance and its deadline, kept together so the instance to reuse and its
    /// deadline are read without a lookup.
    private struct IdleEntry: Sendable {
        var id: InstanceID
        var expiresAt: Int64
        var token: Int
    }

    /// Idle instances, ascending by id (creation order); the last is the one to reuse.
    /// Each carries the caller's token (see `requestCompleted(_:at:token:)`).
    private var idle: [IdleEntry] = []
    private var nextID: Int64 = 0

    public private(set) var busyCount = 0
    public private(set) var coldStarts = 0
    public private(set) var warmStarts = 0
    public private(set) var expirations = 0
    public private(set) var unloads = 0
    public private(set) var prewarms = 0

    public init(policy: KeepAlivePolicy = .awsLambda) {
        self.policy = policy
    }

    public var idleCount: Int { idle.count }
    /// Instances that exist (busy or idle): what occupies resources.
    public var instanceCount: Int { busyCount + idle.count }

    /// Places a request arriving at `now`: on the most recently created idle instance, or
    /// on a new one.
    public mutating func requestArrived(at now: Int64) -> Placement {
        if let id = idle.popLast()?.id {
            setState(.busy, of: id)
            busyCount += 1
            warmStarts += 1
            return .warm(id)
        }
        let id = makeInstance(state: .busy)
        busyCount += 1
        coldStarts += 1
        return .cold(id)
    }

    /// The request on `instance` ended at `now`; with the pool's fixed keep-alive the
    /// instance idles until the returned deadline (now + idleTimeout). `token` is the
    /// caller's, kept with the idle instance and given back by `mostRecentIdle` (e.g. the
    /// index of the expiry timer the caller schedules at the deadline, so that it can
    /// cancel it when the instance is reused, without a lookup).
    public mutating func requestCompleted(_ instance: InstanceID, at now: Int64, token: Int = 0) -> Int64 {
        guard case let .keptAlive(deadline) = requestCompleted(instance, at: now, windows: policy.idleWindows(),
                                                               token: token) else {
            preconditionFailure("a fixed keep-alive never unloads")
        }
        return deadline
    }

    /// The request on `instance` ended at `now`; apply `windows`: with no pre-warm window
    /// the instance idles until now + keep-alive; otherwise it is unloaded now and should
    /// be re-loaded at now + pre-warm (the hybrid histogram policy's pattern).
    public mutating func requestCompleted(_ instance: InstanceID, at now: Int64, windows: IdleWindows,
                                          token: Int = 0) -> Completion {
        precondition(state(of: instance) == .busy, "\(instance) has no request in progress")
        busyCount -= 1
        if windows.prewarm > 0 {
            setState(.gone, of: instance)
            dropGoneFront()
            unloads += 1
            return .unloaded(reloadAt: now + windows.prewarm, keepAlive: windows.keepAlive)
        }
        let deadline = now + windows.keepAlive
        setState(.idle(expiresAt: deadline), of: instance)
        insertIdle(IdleEntry(id: instance, expiresAt: deadline, token: token))
        return .keptAlive(until: deadline)
    }

    /// Loads a fresh idle instance at `now` (a pre-warm) that expires after `keepAlive`.
    public mutating func prewarm(at now: Int64, keepAlive: Int64, token: Int = 0) -> (instance: InstanceID, expiresAt: Int64) {
        let deadline = now + keepAlive
        let id = makeInstance(state: .idle(expiresAt: deadline))
        insertIdle(IdleEntry(id: id, expiresAt: deadline, token: token))
        prewarms += 1
        return (id, deadline)
    }

    /// Destroys `instance` if it is idle and its deadline is at or before `now`. Returns
    /// false (and changes nothing) when it is busy, was re-used and got a later deadline,
    /// or no longer exists.
    @discardableResult
    public mutating func expire(_ instance: InstanceID, at now: Int64) -> Bool {
        guard case let .idle(deadline) = state(of: instance), deadline <= now else { return false }
        setState(.gone, of: instance)
        dropGoneFront()
        idle.remove(at: idleIndex(of: instance))
        expirations += 1
        return true
    }

    /// The deadline of an idle instance; nil when busy or gone.
    public func expiryDeadline(of instance: InstanceID) -> Int64? {
        guard case let .idle(deadline) = state(of: instance) else { return nil }
        return deadline
    }

    /// True while `instance` serves a request.
    public func isBusy(_ instance: InstanceID) -> Bool { state(of: instance) == .busy }

    /// Idle instances in reuse order, most recently created first.
    public var idleInstances: [InstanceID] { idle.reversed().map(\.id) }

    /// The idle instance the next request would get, with its deadline and the caller's
    /// token; nil when none is idle. O(1), no lookup: a simulation reads it on every arrival.
    public var mostRecentIdle: (instance: InstanceID, expiresAt: Int64, token: Int)? {
        guard let last = idle.last else { return nil }
        return (last.id, last.expiresAt, last.token)
    }

    private mutating func makeInstance(state: State) -> InstanceID {
        let id = InstanceID(nextID)
        nextID += 1
        states.append(state)
        return id
    }

    private func state(of id: InstanceID) -> State {
        let offset = id.rawValue - base
        guard offset >= 0, offset < Int64(states.count) else { return .gone }
        return states[Int(offset)]
    }

    private mutating func setState(_ state: State, of id: InstanceID) {
        states[Int(id.rawValue - base)] = state
    }

    /// Advances past gone instances at the front; compacts once they are many and at
    /// least half the window, so each id is moved O(1) times on average and the array
    /// keeps its capacity (no allocation).
    private mutating func dropGoneFront() {
        while head < states.count, states[head] == .gone { head += 1 }
        if head >= 64, head * 2 >= states.count {
            states.removeSubrange(0..<head)
            base += Int64(head)
            head = 0
        }
    }

    private mutating func insertIdle(_ entry: IdleEntry) {
        // Usually the newest instance, which goes at the end.
        if let last = idle.last, last.id > entry.id {
            idle.insert(entry, at: idleIndex(of: entry.id))
        } else {
            idle.append(entry)
        }
    }

    /// Binary search: the index of `id` in `idle`, or where it would be inserted.
    private func idleIndex(of id: InstanceID) -> Int {
        var low = 0
        var high = idle.count
        while low < high {
            let mid = (low + high) / 2
            if idle[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
