import NNSpecNumerics

/// Splits work over independent samples (a convolution's or pooling's output rows) among
/// threads: each part is a contiguous slab of samples, and each sample is computed whole, by one
/// thread, in the same order as on one, so the result is the same bits at any thread count. The
/// thread count and the size from which splitting pays are the matrix products' own
/// (`NumericsConfig.threadCount`, `NumericsConfig.parallelThreshold`, in multiply–adds or
/// comparable element operations).
enum SampleParallel {
    /// How many parts `count` samples costing `work` in all are split into.
    static func parts(count: Int, work: Int) -> Int {
        WorkerPool.parts(count: count, work: work)
    }

    /// Part `part` of `parts`: samples `count·part/parts ..< count·(part+1)/parts`.
    static func range(_ part: Int, of parts: Int, count: Int) -> Range<Int> {
        WorkerPool.range(part, of: parts, count: count)
    }

    /// `body(part, samples)` for every part, concurrently when there is more than one.
    static func run(count: Int, parts: Int, _ body: (_ part: Int, _ samples: Range<Int>) -> Void) {
        if parts <= 1 {
            body(0, 0 ..< count)
            return
        }
        // Each part writes only its own samples' outputs and its own scratch.
        WorkerPool.run(parts: parts) { t in body(t, range(t, of: parts, count: count)) }
    }
}

/// Scratch memory a kernel reuses every step. It grows only when more threads share it than
/// before (so a steady run allocates nothing) and is never shrunk.
final class Scratch<S: TrainingScalar> {
    private(set) var pointer: UnsafeMutablePointer<S>
    private(set) var count: Int

    init(count: Int) {
        self.count = max(count, 1)
        pointer = .allocate(capacity: self.count)
        pointer.initialize(repeating: 0, count: self.count)
    }

    deinit { pointer.deallocate() }

    /// At least `n` values; call before the parts start.
    func reserve(_ n: Int) -> UnsafeMutablePointer<S> {
        if n > count {
            pointer.deallocate()
            count = n
            pointer = .allocate(capacity: n)
            pointer.initialize(repeating: 0, count: n)
        }
        return pointer
    }
}
