// Process-wide knobs of the numerics kernels.
//
// None of these changes any result: GEMM output is bit-identical for every
// thread count and threshold (see GEMM.swift). They only trade latency for
// throughput, and let tests prove exactly that.

import Foundation

public enum NumericsConfig {
    /// The thread count used when none is given: `NNSPEC_THREADS` if it is a
    /// positive integer, else the number of active processors.
    public static let defaultThreadCount: Int = {
        if let s = ProcessInfo.processInfo.environment["NNSPEC_THREADS"],
           let n = Int(s.trimmingCharacters(in: .whitespaces)), n > 0 {
            return n
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// How many threads a large GEMM may split its output rows over (≥ 1).
    /// Starts at `defaultThreadCount`.
    public static var threadCount: Int {
        get { storage.withLock { $0.threadCount } }
        set { storage.withLock { $0.threadCount = max(1, newValue) } }
    }

    /// Multiply–adds (`m·n·k`) from which a GEMM is split over threads; below
    /// it a GEMM runs on the calling thread, so tiny nets never pay dispatch.
    public static var parallelThreshold: Int {
        get { storage.withLock { $0.parallelThreshold } }
        set { storage.withLock { $0.parallelThreshold = max(0, newValue) } }
    }

    /// Default of `parallelThreshold`: 512 Ki multiply–adds, ~10 µs of single-core float
    /// work (AVX-512 build). The worker pool hands a part to a spinning worker in well under
    /// a microsecond (`nnspec-bench --pool`), so a split pays from here, duplicated packing
    /// included: the Adam net's 128×128·128×256 products (4 M) gain from a second thread;
    /// its 128×128·128×10 ones (164 K) and a tiny net's step (100×10·10×1) never split.
    public static let defaultParallelThreshold = 1 << 19

    /// Runs `body` with `threadCount` set to `n`, restoring the old value after.
    /// (Process-global: do not race it against other code that sets it.)
    public static func withThreadCount<R>(_ n: Int, _ body: () throws -> R) rethrows -> R {
        let old = threadCount
        threadCount = n
        defer { threadCount = old }
        return try body()
    }

    fileprivate struct State {
        var threadCount: Int
        var parallelThreshold: Int
    }

    private static let storage = ConfigLock(State(threadCount: defaultThreadCount,
                                      parallelThreshold: defaultParallelThreshold))
}

/// A value behind a lock (NSLock: available on every platform this targets).
fileprivate final class ConfigLock<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
