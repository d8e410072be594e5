import Dispatch
import Foundation

/// Runs independent, deterministic jobs on several threads and returns their results
/// in index order, so nothing a caller writes depends on scheduling.
public enum ParallelRuns {
    /// `body(i)` for every i in `0..<count`, on up to `jobs` threads. If some throw,
    /// the error of the lowest index is rethrown: indices above a known failure are
    /// skipped, never those below, so which error wins does not depend on timing.
    public static func map<T: Sendable>(_ count: Int, jobs: Int,
                                        _ body: @Sendable (Int) throws -> T) throws -> [T] {
        let slots = Slots<T>(count: count)
        let workers = max(1, min(jobs, count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = slots.claim() {
                do { slots.store(.success(try body(index)), at: index) } catch { slots.store(.failure(error), at: index) }
            }
        }
        return try slots.results()
    }

    /// The shared state of one `map`: the next index to hand out, the results so far
    /// and the lowest failing index. Guarded by a lock; only touched between runs.
    private final class Slots<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var firstFailure = Int.max
        private var values: [Result<T, Error>?]

        init(count: Int) { values = Array(repeating: nil, count: count) }

        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < values.count, next < firstFailure else { return nil }
            next += 1
            return next - 1
        }

        func store(_ result: Result<T, Error>, at index: Int) {
            lock.lock()
            defer { lock.unlock() }
            values[index] = result
            if case .failure = result { firstFailure = min(firstFailure, index) }
        }

        func results() throws -> [T] {
            lock.lock()
            defer { lock.unlock() }
            var out: [T] = []
            out.reserveCapacity(values.count)
            for value in values {
                switch value {
                case .success(let v)?: out.append(v)
                case .failure(let error)?: throw error
                case nil: preconditionFailure("a run was skipped without an earlier failure")
                }
            }
            return out
        }
    }
}
