// A small pool of persistent worker threads for the kernels' fork–join splits.
//
// `DispatchQueue.concurrentPerform` wakes its workers through the kernel on every call: two
// parts of 6.5 µs took 19 µs with it, 13 µs one after the other and 6.9 µs on this pool
// (`nnspec-bench --pool`, Zen 4, 2 cores), so products of a few million multiply–adds never
// gained from a second thread. The pool's workers wait for the next run spinning on a counter
// (yielding the core after `eagerSpinNanoseconds`, for a shared machine), so a training step's
// back-to-back kernels hand parts over in well under a microsecond; a worker idle longer than
// `spinNanoseconds` parks on a condition variable, so an idle process burns no CPU.
//
// A part is claimed whole by whichever thread gets to it first (the caller works too, so a run
// never waits for a worker the machine has not scheduled). Kernels split into parts whose
// outputs are disjoint and each computed whole by one part, so which thread runs a part changes
// no bit. A run that finds the pool busy — called from inside a part, or from another thread
// while a run is under way — computes its parts on the calling thread, in order.
//
// A run may have more parts than threads (`run(parts:threads:)`): a long product cut finer lets
// a thread that got its core late, or lost it, leave the remaining parts to the others instead
// of a serial tail. Threads are not pinned to CPUs: pinning the caller and the worker each to
// its own CPU (sched affinity) ran 8000×784 · 784×30 no faster on a quiet machine (median
// 2.39–2.48 ms against 2.05–2.52) and slower beside other processes (load 6, median of 8 runs
// 12.1 against 11.1 ms), as a pinned thread cannot leave a CPU another process holds; unpinned,
// the traced parts of the two threads ran on different CPUs.

import Foundation
import Synchronization

public enum WorkerPool {
    /// Calls `body(part)` once for every `part` in `0 ..< parts`, concurrently, on the calling
    /// thread and up to `min(parts, threads ?? parts, maxThreads) − 1` pool workers (more parts
    /// than threads: each thread claims the next part left when it is done with one). Returns
    /// when all have finished. Once the pool has its threads a run allocates only the small box
    /// `withoutActuallyEscaping` makes to let workers call `body` (~20 ns; concurrentPerform
    /// makes two).
    public static func run(parts: Int, threads: Int? = nil, _ body: (_ part: Int) -> Void) {
        let threads = min(parts, threads ?? parts)
        if threads <= 1 {
            for p in 0 ..< max(0, parts) { body(p) }
            return
        }
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) {
            Pool.shared.run(parts: parts, threads: threads, body)
        } else {
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: parts) { body($0) }
            }
        }
    }

    /// How many parts `count` independent items costing `work` multiply–adds in all (or comparable
    /// element operations) are split into: one below `NumericsConfig.parallelThreshold`, else up
    /// to `NumericsConfig.threadCount`, never leaving a part fewer than `minimumPerPart` items.
    /// Decides small work without reading the configuration (no lock on a tiny net's step).
    public static func parts(count: Int, work: Int, minimumPerPart: Int = 1) -> Int {
        let most = count / max(1, minimumPerPart)
        guard most >= 2, work >= NumericsConfig.parallelThreshold else { return 1 }
        return min(most, NumericsConfig.threadCount)
    }

    /// `body(range)` over `0 ..< count` items costing `workPerItem` each (the product saturating
    /// at `Int.max`) cut into `parts(count:work:minimumPerPart:)` ranges (see `range`),
    /// concurrently when there is more than one. For element-wise passes: each element is
    /// computed by one part with the same formula, so the split changes no bit.
    public static func forEachRange(count: Int, workPerItem: Int, granule: Int = 1, minimumPerPart: Int = 1,
                                    _ body: (_ range: Range<Int>) -> Void) {
        let work = count.multipliedReportingOverflow(by: workPerItem)
        let parts = parts(count: count, work: work.overflow ? .max : work.partialValue,
                          minimumPerPart: max(minimumPerPart, granule))
        if parts <= 1 {
            body(0 ..< count)
            return
        }
        run(parts: parts) { body(range($0, of: parts, count: count, granule: granule)) }
    }

    /// Part `part` of `count` items split into `parts` contiguous ranges as even as possible,
    /// with every boundary a multiple of `granule` (a vector's lanes), save the last.
    public static func range(_ part: Int, of parts: Int, count: Int, granule: Int = 1) -> Range<Int> {
        let units = (count + granule - 1) / granule
        let lo = min(count, units * part / parts * granule)
        let hi = min(count, units * (part + 1) / parts * granule)
        return lo ..< hi
    }

    /// Forgets past stalls, so the next run with several parts uses the workers again. For tests
    /// that need runs to be concurrent, after one that stalled on purpose.
    public static func forgetStalls() {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) { Pool.shared.forgetStalls() }
    }

    /// How long a worker spins for the next run before it parks: long enough to span the gaps
    /// between a training step's kernels, short enough that an idle process sleeps.
    public static let spinNanoseconds: UInt64 = 100_000

    /// The most threads a run uses (caller included); more parts than this share threads.
    public static let maxThreads = 64
}

/// The pool itself. One run at a time: `busy` admits a single caller.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
private final class Pool: @unchecked Sendable {
    static let shared = Pool()

    /// Run number × 128 + the number of threads the run wants (caller included): workers wait
    /// for it to change, and those beyond the count go back to waiting.
    private let ticket = Atomic<Int>(0)
    /// Run number × `partLimit` + the number of parts not yet claimed. A thread claims part
    /// `left − 1` by counting it down, and only while it still names the run the thread was
    /// woken for, so a late worker never claims a part of a later run.
    private let claim = Atomic<Int>(0)
    /// Parts of the current run finished (counted after the thread has let go of `body`).
    private let done = Atomic<Int>(0)
    /// Threads parked (or about to park) on `condition`.
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let condition = NSCondition()

    /// The current run's body: written by the caller before `claim` and `ticket` publish the
    /// run, read only by a thread holding an unfinished part of it.
    private var body: ((Int) -> Void)?
    private var run = 0
    /// Worker threads started so far (touched only by the caller holding `busy`).
    private var workers = 0

    /// Until when (uptime, ns) runs compute on the caller alone, and how long the next stall buys.
    private var serialUntil: UInt64 = 0
    private var backoff = Pool.minimumBackoff

    /// On a machine with more runnable threads than cores a worker can lose its core in the
    /// middle of a part, and the caller then waits a scheduler time slice (milliseconds) for a
    /// part of microseconds: the Adam network at 2 threads beside two busy processes took 15 s
    /// against 4 s on `concurrentPerform`. So a run whose caller waited for its workers more than
    /// twice as long as it worked itself (plus a little slack) is a stall, and the pool then runs
    /// on the caller alone for `backoff` nanoseconds, doubling `backoff` on each consecutive
    /// stall; a run without one resets it. The back-off is counted in time, not runs: a stall is
    /// the scheduler's (a time slice), and counted in runs one stall kept a 2 ms product serial
    /// for seconds. Which thread computes a part never changes a bit, so this only moves time.
    private func noteStall(_ stalled: Bool) {
        if stalled {
            serialUntil = DispatchTime.now().uptimeNanoseconds + backoff
            backoff = min(backoff * 2, Self.maximumBackoff)
        } else {
            backoff = Self.minimumBackoff
        }
    }
    func forgetStalls() {
        while !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {}
        serialUntil = 0
        backoff = Self.minimumBackoff
        busy.store(false, ordering: .releasing)
    }
    private static let minimumBackoff: UInt64 = 2_000_000
    private static let maximumBackoff: UInt64 = 128_000_000
    private static let stallSlackNanoseconds: UInt64 = 50_000

    private static let threadLimit = 128
    private static let partLimit = 1 << 24

    /// `wanted`: 2 ... `parts` threads.
    func run(parts: Int, threads wanted: Int, _ body: (Int) -> Void) {
        guard parts < Self.partLimit,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            // Nested or concurrent use: the same parts, computed here, in order.
            for p in 0 ..< parts { body(p) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        if serialUntil > 0 {
            if DispatchTime.now().uptimeNanoseconds < serialUntil {
                // Backing off after a stall (see `noteStall`): the parts, here, in order.
                for p in 0 ..< parts { body(p) }
                return
            }
            serialUntil = 0
        }
        let threads = min(wanted, WorkerPool.maxThreads)
        while workers < threads - 1 { startWorker(workers + 1) }
        withoutActuallyEscaping(body) { body in
            self.body = body
            run += 1
            done.store(0, ordering: .sequentiallyConsistent)
            claim.store(run * Self.partLimit + parts, ordering: .sequentiallyConsistent)
            ticket.store(run * Self.threadLimit + threads, ordering: .sequentiallyConsistent)
            wakeSleepers()
            // The caller works too, and takes every part no worker has claimed yet: on a loaded
            // machine a worker may not get a core for milliseconds.
            let start = DispatchTime.now().uptimeNanoseconds
            let mine = computeParts(of: run)
            if done.add(mine, ordering: .sequentiallyConsistent).newValue < parts {
                let worked = DispatchTime.now().uptimeNanoseconds - start
                wait { self.done.load(ordering: .sequentiallyConsistent) == parts }
                let waited = DispatchTime.now().uptimeNanoseconds - start - worked
                noteStall(waited > 2 * worked + Self.stallSlackNanoseconds)
            } else {
                noteStall(false)
            }
            self.body = nil
        }
    }

    private func startWorker(_ index: Int) {
        workers += 1
        let seen = ticket.load(ordering: .sequentiallyConsistent)
        let thread = Thread { [self] in work(index, seen) }
        thread.name = "nnspec-worker-\(index)"
        thread.start()
    }

    /// Worker `index`'s loop: wait for a new run, claim and compute parts while any are left.
    private func work(_ index: Int, _ initial: Int) -> Never {
        var seen = initial
        while true {
            wait { self.ticket.load(ordering: .sequentiallyConsistent) != seen }
            seen = ticket.load(ordering: .sequentiallyConsistent)
            guard index < seen % Self.threadLimit else { continue }
            let finished = computeParts(of: seen / Self.threadLimit)
            if finished > 0 {
                done.add(finished, ordering: .sequentiallyConsistent)
                wakeSleepers()   // the caller, if it has parked waiting for the run to end
            }
        }
    }

    /// Claims and computes parts of run `run` until none is left; returns how many. Its own
    /// function so that the thread's reference to `body` is released before the parts are
    /// counted done: the caller's `withoutActuallyEscaping` checks that none outlives the run.
    @inline(never)
    private func computeParts(of run: Int) -> Int {
        var finished = 0
        var c = claim.load(ordering: .sequentiallyConsistent)
        while c / Self.partLimit == run, c % Self.partLimit > 0 {
            let (exchanged, now) = claim.compareExchange(expected: c, desired: c - 1, ordering: .sequentiallyConsistent)
            if !exchanged { c = now; continue }
            // The part is ours, so the run cannot end (nor `body` change) before it is done.
            body?(c % Self.partLimit - 1)
            finished += 1
            c -= 1
        }
        return finished
    }

    /// Spins until `ready()`, checking the clock every 64 tries: after `eagerSpinNanoseconds`
    /// it yields the core between checks (on a shared machine another process may need it),
    /// after `spinNanoseconds` it parks on `condition` until a state change wakes it. A thread
    /// parks only after announcing itself in `sleepers` and re-checking `ready()` under the
    /// lock, and a waker changes the state before reading `sleepers`, so no wake-up is lost.
    private func wait(_ ready: () -> Bool) {
        if ready() { return }
        let start = DispatchTime.now().uptimeNanoseconds
        var tries = 0
        while !ready() {
            tries += 1
            guard tries & 63 == 0 else { continue }
            let waited = DispatchTime.now().uptimeNanoseconds - start
            if waited > WorkerPool.spinNanoseconds {
                condition.lock()
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while !ready() { condition.wait() }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                condition.unlock()
                return
            }
            if waited > Self.eagerSpinNanoseconds { sched_yield() }
        }
    }

    /// How long a waiting thread spins without yielding: a few µs, the gap between two
    /// products of one layer's step.
    private static let eagerSpinNanoseconds: UInt64 = 5_000

    /// Wakes every parked thread (each re-checks what it waits for) after a state change.
    private func wakeSleepers() {
        guard sleepers.load(ordering: .sequentiallyConsistent) > 0 else { return }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
