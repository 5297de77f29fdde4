// nnspec-bench: timings of the numerics kernels on the shapes training uses
// (GEMMs, then the element-wise kernels; the element-wise timings include the
// copy of the input that each in-place case starts from).
//
//   swift run -c release nnspec-bench [--threads N]... [--reps N] [--filter SUBSTRING] [--checksum]
//   nnspec-bench --spec FILE [--reps N]      (one spec, timed in phases; SpecBench.swift)
//   nnspec-bench --peak                      (one core's register multiply–add ceiling)
//   nnspec-bench --pool [--threads N]        (worker pool hand-over cost, idle CPU; PoolBench.swift)
//
// Each case is run `reps` times (tiny cases loop enough inner iterations for a
// sample to last ≥ ~1 ms); the median sample is reported, as µs per call and
// GFLOP/s (2·m·n·k per GEMM), and the best sample beside it (the machine is shared,
// so the best is the better estimate of what the code can do).

import Dispatch
import NNSpecNumerics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Options {
    var threads: [Int] = []
    var reps = 15
    var filter: String?
    var checksum = false
    var cpuTime = false
    var spec: String?
    var peak = false
    var pool = false
    var gemmOnly = false
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst().makeIterator()
    while let a = args.next() {
        switch a {
        case "--threads": if let v = args.next(), let n = Int(v) { o.threads.append(n) }
        case "--reps": if let v = args.next(), let n = Int(v) { o.reps = max(1, n) }
        case "--filter": o.filter = args.next()
        case "--checksum": o.checksum = true
        case "--cpu-time": o.cpuTime = true
        case "--spec": o.spec = args.next()
        case "--peak": o.peak = true
        case "--pool": o.pool = true
        case "--gemm": o.gemmOnly = true
        case "-h", "--help":
            print("usage: nnspec-bench [--threads N]... [--reps N] [--filter SUBSTRING] [--checksum] [--cpu-time] [--gemm] | --spec FILE [--reps N] | --peak | --pool [--threads N]")
            print("  --checksum  also print a hash of each result's bits (compare builds/ISAs)")
            print("  --cpu-time  time with the calling thread's CPU clock instead of the wall clock")
            print("              (steadier on a shared machine; only meaningful with --threads 1)")
            print("  --spec FILE load FILE's data, then time `reps` runs of it; one JSON line (see SpecBench.swift)")
            print("  --gemm      only the GEMM cases")
            print("  --peak      the multiply-then-add throughput of one core on registers, GFLOP/s, as JSON")
            print("  --pool      µs per empty fork–join on the worker pool vs concurrentPerform, idle CPU s/s")
            exit(0)
        default:
            print("unknown argument \(a)"); exit(2)
        }
    }
    if o.threads.isEmpty {
        o.threads = NumericsConfig.defaultThreadCount > 1 ? [1, NumericsConfig.defaultThreadCount] : [1]
    }
    return o
}

/// Side effects the optimizer must keep, so timed work is neither removed nor hoisted.
nonisolated(unsafe) var sideEffects = 0
@inline(never) func blackHole<T>(_ x: T) {
    withUnsafeBytes(of: x) { sideEffects &+= Int($0.first ?? 0) }
}
@inline(never) func opaque<T>(_ x: T) -> T { sideEffects &+= 1; return x }

nonisolated(unsafe) var useThreadCPUClock = false

func nowNs() -> UInt64 {
    if useThreadCPUClock {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
    return DispatchTime.now().uptimeNanoseconds
}

/// Median and minimum seconds per call of `body`.
func measure(reps: Int, _ body: () -> Void) -> (median: Double, best: Double) {
    // Warm up, and size the inner loop so a sample is ≥ 1 ms.
    body()
    var inner = 1
    while true {
        let t0 = nowNs()
        for _ in 0 ..< inner { body() }
        let dt = nowNs() - t0
        if dt >= 1_000_000 || inner >= 1 << 20 { break }
        inner *= 4
    }
    var samples: [Double] = []
    for _ in 0 ..< reps {
        let t0 = nowNs()
        for _ in 0 ..< inner { body() }
        samples.append(Double(nowNs() - t0) / 1e9 / Double(inner))
    }
    samples.sort()
    return (samples[samples.count / 2], samples[0])
}

/// Deterministic pseudo-random fill in [-1, 1) (an LCG; the bench needs no quality).
func filled<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix<S> {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    return Matrix<S>(rows: rows, cols: cols) { buf in
        for i in 0 ..< buf.count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Double(state >> 11) / Double(1 << 53)
            (buf.baseAddress! + i).initialize(to: S(2 * u - 1))
        }
    }
}

struct GEMMCase {
    var name: String
    var m: Int, n: Int, k: Int
    var transposeA: Bool, transposeB: Bool
}

func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
func fmt(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0 ..< digits { scale *= 10 }
    let v = Int((x * scale).rounded())
    let whole = v / Int(scale), frac = v % Int(scale)
    if digits == 0 { return "\(whole)" }
    let f = String(frac)
    return "\(whole)." + String(repeating: "0", count: digits - f.count) + f
}

/// FNV-1a over the bit patterns of the elements.
func checksum<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_ m: Matrix<S>) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    m.withUnsafeBufferPointer { buf in
        for byte in UnsafeRawBufferPointer(buf) {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
        }
    }
    let s = String(h, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
}

func runGEMM<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_ type: S.Type, _ cases: [GEMMCase], _ o: Options) {
    for cs in cases {
        let label = "\(S.self == Float.self ? "f32" : "f64") \(cs.name)"
        if let f = o.filter, !label.contains(f) { continue }
        // Stored shapes: op(A) is m×k, op(B) is k×n.
        let a: Matrix<S> = cs.transposeA ? filled(cs.k, cs.m, seed: 1) : filled(cs.m, cs.k, seed: 1)
        let b: Matrix<S> = cs.transposeB ? filled(cs.n, cs.k, seed: 2) : filled(cs.k, cs.n, seed: 2)
        var c = Matrix<S>(rows: cs.m, cols: cs.n)
        let flops = 2.0 * Double(cs.m) * Double(cs.n) * Double(cs.k)
        var reference: Matrix<S>?
        for t in o.threads {
            let (sec, best) = measure(reps: o.reps) {
                gemm(a, transposeA: cs.transposeA, b, transposeB: cs.transposeB, into: &c, threads: t)
                blackHole(c)
            }
            // The bench doubles as a smoke test of thread-count determinism.
            if let r = reference {
                if !r.isBitwiseIdentical(to: c) { print("!! \(label): result differs at \(t) threads") }
            } else {
                reference = c
            }
            print("\(pad(label, 34)) \(lpad("\(cs.m)×\(cs.k)·\(cs.k)×\(cs.n)", 18))  threads \(t)  "
                  + "\(lpad(fmt(sec * 1e6, 1), 10)) µs  \(lpad(fmt(flops / sec / 1e9, 2), 7)) GFLOP/s"
                  + "   (best \(lpad(fmt(best * 1e6, 1), 9)) µs \(lpad(fmt(flops / best / 1e9, 2), 6)) GFLOP/s)"
                  + (o.checksum ? "  bits \(checksum(c))" : ""))
        }
    }
}

/// Non-GEMM kernels at training shapes: µs per call and elements per ns.
func runElementwise<S: RealFunctions>(_ type: S.Type, _ o: Options) {
    let tag = S.self == Float.self ? "f32" : "f64"
    let h: Matrix<S> = filled(8000, 30, seed: 3)
    let logits: Matrix<S> = filled(8000, 10, seed: 4)
    let w: Matrix<S> = filled(784, 30, seed: 5)
    let x: Matrix<S> = filled(8000, 784, seed: 6)
    let bias = [S](repeating: 0.5, count: 30)
    var perm = Array(0 ..< 8000)
    var state: UInt64 = 42
    for i in stride(from: perm.count - 1, to: 0, by: -1) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        perm.swapAt(i, Int(state >> 33) % (i + 1))
    }
    let cases: [(String, Int, () -> Void)] = [
        ("addRowVector 8000×30", h.count, { var m = h; m.addRowVector(bias); blackHole(m) }),
        ("columnSums 8000×30", h.count, { blackHole(opaque(h).columnSums()) }),
        ("copy 8000×30 (baseline)", h.count, { var m = h; m[0, 0] = 1; blackHole(m) }),
        ("relu 8000×30", h.count, { var m = h; m.apply(Elementwise.relu); blackHole(m) }),
        ("sigmoid 8000×30", h.count, { var m = h; m.apply(Elementwise.sigmoid); blackHole(m) }),
        ("tanh 8000×30", h.count, { var m = h; m.apply(Elementwise.tanh); blackHole(m) }),
        ("softmaxRows 8000×10", logits.count, { var m = logits; m.softmaxRows(); blackHole(m) }),
        ("axpy 784×30", w.count, { var m = w; m.axpy(-0.01, w); blackHole(m) }),
        ("sumOfSquares 784×30", w.count, { blackHole(opaque(w).sumOfSquares()) }),
        ("gatherRows 200 of 8000×784", 200 * 784, { blackHole(x.gatherRows(perm[0 ..< 200])) }),
    ]
    for (name, count, body) in cases {
        let label = "\(tag) \(name)"
        if let f = o.filter, !label.contains(f) { continue }
        let (sec, best) = measure(reps: o.reps, body)
        print("\(pad(label, 34)) \(lpad(fmt(sec * 1e6, 1), 10)) µs  \(lpad(fmt(Double(count) / sec / 1e9, 2), 7)) elem/ns"
              + "   (best \(lpad(fmt(best * 1e6, 1), 9)) µs)")
    }
}

let options = parseOptions()
if let path = options.spec { exit(runSpecBench(path: path, reps: options.reps)) }
if options.peak { runPeak(); exit(0) }
if options.pool { runPoolBench(reps: options.reps, threads: options.threads.last ?? 2); exit(0) }
useThreadCPUClock = options.cpuTime
print("nnspec-bench: median of \(options.reps) samples\(options.cpuTime ? " (thread CPU time)" : ""); defaultThreadCount \(NumericsConfig.defaultThreadCount), "
      + "parallelThreshold \(NumericsConfig.parallelThreshold) mult-adds")

let gemmCases = [
    GEMMCase(name: "mnist fwd   X·W", m: 8000, n: 30, k: 784, transposeA: false, transposeB: false),
    GEMMCase(name: "mnist grad  Xᵀ·δ", m: 784, n: 30, k: 8000, transposeA: true, transposeB: false),
    GEMMCase(name: "mnist back  δ·Wᵀ", m: 8000, n: 784, k: 30, transposeA: false, transposeB: true),
    GEMMCase(name: "mnist out   H·W2", m: 8000, n: 10, k: 30, transposeA: false, transposeB: false),
    // The output layer's other two products: its input delta δ2·W2ᵀ and its weight gradient Hᵀ·δ2.
    GEMMCase(name: "mnist out back δ2·W2ᵀ", m: 8000, n: 30, k: 10, transposeA: false, transposeB: true),
    GEMMCase(name: "mnist out grad Hᵀ·δ2", m: 30, n: 10, k: 8000, transposeA: true, transposeB: false),
    GEMMCase(name: "mnist batch X·W", m: 200, n: 30, k: 784, transposeA: false, transposeB: false),
    GEMMCase(name: "mnist batch Xᵀ·δ", m: 784, n: 30, k: 200, transposeA: true, transposeB: false),
    GEMMCase(name: "adam fwd1   X·W", m: 128, n: 256, k: 784, transposeA: false, transposeB: false),
    GEMMCase(name: "adam grad1  Xᵀ·δ", m: 784, n: 256, k: 128, transposeA: true, transposeB: false),
    GEMMCase(name: "adam back2  δ·Wᵀ", m: 128, n: 256, k: 128, transposeA: false, transposeB: true),
    GEMMCase(name: "square 512", m: 512, n: 512, k: 512, transposeA: false, transposeB: false),
    // The rest of issue 16's range (batch 32–8000, widths 10–1024): a small batch, the Adam
    // net's second layer, a 1024-wide square-ish product.
    GEMMCase(name: "batch32 X·W", m: 32, n: 128, k: 784, transposeA: false, transposeB: false),
    GEMMCase(name: "adam fwd2   H·W", m: 128, n: 128, k: 256, transposeA: false, transposeB: false),
    GEMMCase(name: "square 1024", m: 1024, n: 1024, k: 1024, transposeA: false, transposeB: false),
    // The CNN benchmark's convolution products (Benchmarks/specs/cnn-mnist-f32.yaml, batch 128):
    // a forward panel of one thread (10 or 3 samples' columns times the kernel), the kernel
    // gradient over a backward chunk (128 or 60 samples; conv2's last chunk of a batch is 8),
    // conv2's input-delta product.
    GEMMCase(name: "cnn c1 fwd  cols·K", m: 6760, n: 16, k: 9, transposeA: false, transposeB: false),
    GEMMCase(name: "cnn c1 grad colsᵀ·δ", m: 9, n: 16, k: 86528, transposeA: true, transposeB: false),
    GEMMCase(name: "cnn c2 fwd  cols·K", m: 363, n: 32, k: 144, transposeA: false, transposeB: false),
    GEMMCase(name: "cnn c2 grad colsᵀ·δ", m: 144, n: 32, k: 7260, transposeA: true, transposeB: false),
    GEMMCase(name: "cnn c2 grad tail", m: 144, n: 32, k: 968, transposeA: true, transposeB: false),
    GEMMCase(name: "cnn c2 back δ·Kᵀ", m: 7260, n: 144, k: 32, transposeA: false, transposeB: true),
    GEMMCase(name: "tiny fwd    X·W", m: 100, n: 1, k: 10, transposeA: false, transposeB: false),
    GEMMCase(name: "tiny grad   Xᵀ·δ", m: 10, n: 1, k: 100, transposeA: true, transposeB: false),
    GEMMCase(name: "tiny back   δ·Wᵀ", m: 100, n: 10, k: 1, transposeA: false, transposeB: true),
    GEMMCase(name: "small fwd   X·W", m: 100, n: 16, k: 10, transposeA: false, transposeB: false),
]

runGEMM(Float.self, gemmCases, options)
runGEMM(Double.self, gemmCases, options)
if options.gemmOnly { exit(0) }
runElementwise(Float.self, options)
runElementwise(Double.self, options)
runTrainerBench(options)
runMonitorBench(options)
