import Foundation

/// `nnspec sweep SPEC --set key=values …`: run every variant of a spec (cartesian product of the
/// axes, or zipped), locally over N worker processes or as a Slurm job array, and print one table
/// of outcomes; `nnspec sweep collect DIR` prints it again from the directory.
public enum Sweep {
    public enum Backend: String, Sendable, CaseIterable { case local, slurm }

    public struct Options: Sendable {
        public var spec: String
        /// `key=values` per axis (see `SweepAxis`).
        public var sets: [String]
        public var mode: SweepPlan.Mode = .product
        public var workers = 1
        /// Default `sweeps/<spec file name>`.
        public var directory: String?
        public var format: SweepReport.Format = .text
        /// `metric>=x` conditions counted per seed group.
        public var counts: [String] = []
        public var backend: Backend = .local
        public var slurm = SlurmBackend.Options()
        /// Slurm: wait for the tasks, then print the table.
        public var wait = false
        /// The `nnspec` executable variants run.
        public var executable: String
        /// Local backend: called with each change of the counts (the CLI draws a line on a terminal).
        public var progress: (@Sendable (LocalBackend.Progress) -> Void)?

        public init(spec: String, sets: [String], executable: String) {
            self.spec = spec
            self.sets = sets
            self.executable = executable
        }
    }

    public static func defaultDirectory(for spec: String) -> String {
        "sweeps/" + ((spec as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    public static func run(_ o: Options) -> CommandOutput {
        if let failure = CommandOutput.unreadable(o.spec) { return failure }
        var axes: [SweepAxis] = []
        for s in o.sets {
            switch SweepAxis.parse(s) {
            case .success(let a): axes.append(a)
            case .failure(let e): return usage(e)
            }
        }
        let counts: [SweepCount]
        switch parseCounts(o.counts) {
        case .success(let c): counts = c
        case .failure(let e): return usage(e)
        }
        let plan: SweepPlan
        switch SweepPlan.make(spec: o.spec, axes: axes, mode: o.mode) {
        case .success(let p): plan = p
        case .failure(let e): return usage(e)
        }
        let dir = SweepDirectory(o.directory ?? defaultDirectory(for: o.spec))
        do { try plan.write(to: dir.path) } catch {
            return usage(SweepError("cannot write the sweep directory '\(dir.path)': \(error.localizedDescription)"))
        }
        var out = CommandOutput()
        switch o.backend {
        case .local:
            LocalBackend(executable: o.executable, workers: o.workers).run(plan, in: dir, progress: o.progress)
        case .slurm:
            let slurm = SlurmBackend(executable: o.executable, options: o.slurm)
            let scriptPath = dir.file(SlurmBackend.scriptName)
            do {
                try slurm.script(plan, in: dir, workdir: FileManager.default.currentDirectoryPath)
                    .write(toFile: scriptPath, atomically: true, encoding: .utf8)
            } catch {
                return usage(SweepError("cannot write '\(scriptPath)': \(error.localizedDescription)"))
            }
            switch slurm.submit(scriptPath, wait: o.wait) {
            case .failure(let e): return usage(e)
            case .success(let id):
                guard o.wait else {
                    out.stdout = "submitted Slurm job \(id): \(plan.variants.count) tasks (\(scriptPath)); when they end: nnspec sweep collect \(dir.path)\n"
                    return out
                }
                out.stderr = "Slurm job \(id) ended\n"
            }
        }
        return table(plan, dir, counts: counts, format: o.format, into: out)
    }

    /// Rebuilds the table from a sweep directory (its `sweep.json` and each variant's files).
    public static func collect(directory: String, format: SweepReport.Format = .text, counts: [String] = []) -> CommandOutput {
        let parsed: [SweepCount]
        switch parseCounts(counts) {
        case .success(let c): parsed = c
        case .failure(let e): return usage(e)
        }
        switch SweepPlan.read(directory: directory) {
        case .failure(let e): return usage(e)
        case .success(let plan): return table(plan, SweepDirectory(directory), counts: parsed, format: format, into: CommandOutput())
        }
    }

    /// Exit 0 when every variant ran, 1 when one failed, is invalid, stale or still pending.
    static func table(_ plan: SweepPlan, _ dir: SweepDirectory, counts: [SweepCount], format: SweepReport.Format,
                      into out: CommandOutput) -> CommandOutput {
        var out = out
        let t = SweepTable.collect(plan, from: dir, counts: counts)
        let known = Set(t.quantities)
        if let c = counts.first(where: { !known.contains($0.quantity) }), t.rows.contains(where: \.ok) {
            return usage(SweepError("--count \(c): no final '\(c.quantity)' in the results; there are: \(t.quantities.joined(separator: ", "))"))
        }
        out.stdout += SweepReport.render(t, format: format)
        out.stderr += SweepReport.summary(t) + " (\(dir.path))\n"
        if t.rows.contains(where: { !$0.ok }) { out.exitCode = CommandOutput.Code.findings }
        return out
    }

    static func parseCounts(_ texts: [String]) -> Result<[SweepCount], SweepError> {
        var out: [SweepCount] = []
        for t in texts {
            switch SweepCount.parse(t) {
            case .success(let c): out.append(c)
            case .failure(let e): return .failure(e)
            }
        }
        return .success(out)
    }

    static func usage(_ e: SweepError) -> CommandOutput {
        .usage(e.message)
    }
}
