// The fork–join hand-over's cost and an idle process's CPU burn (`nnspec-bench --pool`): µs per
// run of `parts` parts of ~10 µs of arithmetic each, on the worker pool, on
// `DispatchQueue.concurrentPerform`, and one after the other on the calling thread (what a
// split must beat), then the process's CPU seconds over a second of sleep after a run (the
// pool's workers must park, not spin, when idle). One JSON line.

import Dispatch
import Foundation
import NNSpecNumerics

func runPoolBench(reps: Int, threads: Int) {
    let parts = max(2, threads)
    nonisolated(unsafe) var sink = [Double](repeating: 0, count: parts)
    let steps = opaque(4000)   // a dependent chain of ~4000 multiply–adds: ~10 µs
    @Sendable @inline(__always) func part(_ s: UnsafeMutableBufferPointer<Double>, _ p: Int) {
        var x = s[p]
        for _ in 0 ..< steps { x = x * 0.999 + 0.5 }
        s[p] = x
    }
    func timed(_ fork: (UnsafeMutableBufferPointer<Double>) -> Void) -> (median: Double, best: Double) {
        measure(reps: reps) { sink.withUnsafeMutableBufferPointer { fork($0) } }
    }
    let serial = timed { s in for p in 0 ..< parts { part(s, p) } }
    let pool = timed { s in
        nonisolated(unsafe) let s = s
        WorkerPool.run(parts: parts) { part(s, $0) }
    }
    let dispatch = timed { s in
        nonisolated(unsafe) let s = s
        DispatchQueue.concurrentPerform(iterations: parts) { part(s, $0) }
    }
    blackHole(sink)
    WorkerPool.run(parts: parts) { _ in }
    let cpu0 = processCPUSeconds()
    Thread.sleep(forTimeInterval: 1)
    let idle = processCPUSeconds() - cpu0
    func us(_ t: (median: Double, best: Double)) -> String {
        String(format: "{\"median\": %.2f, \"best\": %.2f}", t.median * 1e6, t.best * 1e6)
    }
    print("{\"parts\": \(parts), \"serial_us\": \(us(serial)), \"pool_us\": \(us(pool)), "
        + "\"concurrentPerform_us\": \(us(dispatch)), \"idle_cpu_s_per_s\": \(String(format: "%.4f", idle))}")
}
