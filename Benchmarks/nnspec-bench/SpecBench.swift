// `nnspec-bench --spec FILE [--reps N]`: one spec's run, timed in phases, as one JSON line for
// Benchmarks/side_by_side.py: `load_s` (parse the spec and materialize its data: files read,
// gunzipped, preprocessed), then `train_s`, the median over `reps` runs of `Runner.run` (weights
// drawn, every step or epoch, the final evaluation: what `nnspec run` does after loading),
// `train_samples_s` all of them, `train_cpu_s` the median CPU time of a run (every thread: on a
// shared machine, the steadier measure of the work), and `peak_rss_mb`, the peak resident memory.
//
// `nnspec-bench --peak`: one core's peak without FMA, the ceiling the GEMM kernels can approach:
// the clock measured, times the flops per cycle `RegisterPeak` assumes (Zen 4's pipes).

import Foundation
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecRuntime

/// CPU seconds the process has used, every thread, user and system.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

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
    var samples: [Double] = [], cpu: [Double] = []
    var final = ""
    for _ in 0 ..< max(1, reps) {
        let c = processCPUSeconds()
        let t = DispatchTime.now().uptimeNanoseconds
        do {
            let result = try Runner.run(spec, data: data)
            final = result.json
        } catch {
            FileHandle.standardError.write(Data("error: \(path): \(error.message)\n".utf8))
            return 1
        }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
        cpu.append(processCPUSeconds() - c)
    }
    blackHole(final)
    let sorted = samples.sorted()
    let list = samples.map { "\($0)" }.joined(separator: ", ")
    print("{\"spec\": \"\(path)\", \"threads\": \(NumericsConfig.threadCount), \"load_s\": \(load), "
          + "\"train_s\": \(sorted[sorted.count / 2]), \"train_samples_s\": [\(list)], "
          + "\"train_cpu_s\": \(cpu.sorted()[cpu.count / 2]), \"peak_rss_mb\": \(peakRSSMegabytes())}")
    return 0
}

func runPeak() {
    let ghz = RegisterPeak.clockGHz()
    print("{\"clock_ghz\": \(ghz), \"add_latency_cycles\": \(RegisterPeak.assumedAddLatencyCycles), "
          + "\"peak_gflops_per_core_f32\": \(ghz * RegisterPeak.assumedFlopsPerCycleFloat), "
          + "\"peak_gflops_per_core_f64\": \(ghz * RegisterPeak.assumedFlopsPerCycleDouble), "
          + "\"cores\": \(ProcessInfo.processInfo.activeProcessorCount)}")
}
