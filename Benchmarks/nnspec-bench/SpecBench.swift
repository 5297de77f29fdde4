// `nnspec-bench --spec FILE [--reps N]`: one spec's run, timed in phases, as one JSON line for
// Benchmarks/side_by_side.py: `load_s` (parse the spec and materialize its data: files read,
// gunzipped, preprocessed), then `train_s`, the median over `reps` runs of `Runner.run` (weights
// drawn, every step or epoch, the final evaluation: what `nnspec run` does after loading),
// `train_samples_s` all of them, and `peak_rss_mb`, the process's peak resident memory.
//
// `nnspec-bench --peak`: the machine's multiply-then-add throughput on one core, measured on
// registers only (12 independent `x = x + x·c` chains of the GEMM panel type, so neither memory
// nor a dependency limits it): the ceiling the GEMM kernels, which never fuse, can approach.

import Foundation
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecRuntime

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024   // kilobytes on Linux
}

func runSpecBench(path: String, reps: Int) -> Int32 {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let loaded = SpecLoader.load(path: path)
    guard let spec = loaded.spec else {
        FileHandle.standardError.write(Data("error: \(path): the spec does not load (run `nnspec check`)\n".utf8))
        return 1
    }
    let data: MaterializedData
    switch DataLoader.materialize(spec) {
    case .success(let d): data = d
    case .failure:
        FileHandle.standardError.write(Data("error: \(path): its data do not materialize\n".utf8))
        return 1
    }
    let load = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    var samples: [Double] = []
    var final = ""
    for _ in 0 ..< max(1, reps) {
        let t = DispatchTime.now().uptimeNanoseconds
        do {
            let result = try Runner.run(spec, data: data)
            final = result.json
        } catch {
            FileHandle.standardError.write(Data("error: \(path): \(error.message)\n".utf8))
            return 1
        }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
    }
    blackHole(final)
    let sorted = samples.sorted()
    let list = samples.map { "\($0)" }.joined(separator: ", ")
    print("{\"spec\": \"\(path)\", \"threads\": \(NumericsConfig.threadCount), \"load_s\": \(load), "
          + "\"train_s\": \(sorted[sorted.count / 2]), \"train_samples_s\": [\(list)], \"peak_rss_mb\": \(peakRSSMegabytes())}")
    return 0
}

/// Multiply–add pairs per second on registers, as GFLOP/s (2 flops a pair).
@inline(never)
func registerPeak<T: GEMMBenchScalar>(_: T.Type) -> Double {
    typealias V = T.BenchPanel
    let c = V(repeating: opaque(T(1e-9)))
    var x0 = V(repeating: 1), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0
    var x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0
    let iterations = 2_000_000
    var best = Double.infinity
    for _ in 0 ..< 5 {
        let t = nowNs()
        for _ in 0 ..< iterations {
            x0 = x0 + x0 * c; x1 = x1 + x1 * c; x2 = x2 + x2 * c; x3 = x3 + x3 * c
            x4 = x4 + x4 * c; x5 = x5 + x5 * c; x6 = x6 + x6 * c; x7 = x7 + x7 * c
            x8 = x8 + x8 * c; x9 = x9 + x9 * c; x10 = x10 + x10 * c; x11 = x11 + x11 * c
        }
        best = min(best, Double(nowNs() - t) / 1e9)
    }
    blackHole(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11)
    return Double(iterations) * 12 * Double(V.scalarCount) * 2 / best / 1e9
}

/// The panel types the GEMM kernel uses in this build (see GEMM.swift's `GEMMScalar`).
protocol GEMMBenchScalar: BinaryFloatingPoint & SIMDScalar {
    associatedtype BenchPanel: SIMD where BenchPanel.Scalar == Self, BenchPanel.Scalar: BinaryFloatingPoint
}
extension Float: GEMMBenchScalar { typealias BenchPanel = SIMD16<Float> }
extension Double: GEMMBenchScalar { typealias BenchPanel = SIMD8<Double> }

func runPeak() {
    useThreadCPUClock = true
    let f = registerPeak(Float.self), d = registerPeak(Double.self)
    print("{\"peak_gflops_per_core_f32\": \(f), \"peak_gflops_per_core_f64\": \(d), \"cores\": \(ProcessInfo.processInfo.activeProcessorCount)}")
}
