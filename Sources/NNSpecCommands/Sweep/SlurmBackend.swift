import Foundation

/// Hands a sweep to Slurm: one job-array script (`#SBATCH --array=0-N%M`) whose task i runs
/// `nnspec run` of variant i into the sweep directory, submitted with `sbatch`. The cluster's
/// scheduler does all the scheduling; `nnspec sweep collect DIR` (or `--wait`) reads the same
/// files the local backend writes, so the table is the same.
public struct SlurmBackend: Sendable {
    /// Passed through to `#SBATCH` lines when given.
    public struct Options: Sendable, Equatable {
        public var partition: String?
        public var account: String?
        public var time: String?
        public var cpusPerTask: Int?
        /// At most this many tasks at once (`%M`); nil for the cluster's limit.
        public var maxConcurrent: Int?

        public init(partition: String? = nil, account: String? = nil, time: String? = nil,
                    cpusPerTask: Int? = nil, maxConcurrent: Int? = nil) {
            self.partition = partition
            self.account = account
            self.time = time
            self.cpusPerTask = cpusPerTask
            self.maxConcurrent = maxConcurrent
        }
    }

    /// The `nnspec` executable the tasks run: it must be reachable at this path on the compute
    /// nodes (a shared file system), as must the spec, its data and the sweep directory.
    public var executable: String
    public var options: Options
    /// `sbatch` to call: `NNSPEC_SBATCH` or the one on PATH.
    public var sbatch: String

    public static let scriptName = "sweep.sbatch"

    public init(executable: String, options: Options, sbatch: String? = nil) {
        self.executable = executable
        self.options = options
        self.sbatch = sbatch ?? ProcessInfo.processInfo.environment["NNSPEC_SBATCH"] ?? "sbatch"
    }

    /// The job-array script. Paths are absolute (`workdir` is where the spec path is relative
    /// to); a task whose results are current for its effective spec exits at once, so
    /// resubmitting resumes.
    public func script(_ plan: SweepPlan, in dir: SweepDirectory, workdir: String) -> String {
        let last = max(0, plan.variants.count - 1)
        let absDir = dir.path.hasPrefix("/") ? dir.path : (workdir as NSString).appendingPathComponent(dir.path)
        var s = """
        #!/bin/bash
        # nnspec sweep of \(plan.spec): \(plan.variants.count) variants, task i runs variant i.
        # Written by `nnspec sweep --backend slurm`; the table: nnspec sweep collect \(absDir)
        #SBATCH --job-name=nnspec-sweep
        #SBATCH --array=0-\(last)\(options.maxConcurrent.map { "%\($0)" } ?? "")
        #SBATCH --output=\(absDir)/slurm-%A_%a.out

        """
        if let p = options.partition { s += "#SBATCH --partition=\(p)\n" }
        if let a = options.account { s += "#SBATCH --account=\(a)\n" }
        if let t = options.time { s += "#SBATCH --time=\(t)\n" }
        if let c = options.cpusPerTask { s += "#SBATCH --cpus-per-task=\(c)\n" }
        s += """
        set -u
        cd \(quote(workdir)) || exit 1
        dir=\(quote(absDir))
        case "${SLURM_ARRAY_TASK_ID:?run this script with sbatch}" in

        """
        for v in plan.variants {
            guard let hash = v.effectiveSpec, v.invalid == nil else { continue }   // collect reports it as invalid
            s += "  \(v.index)) name=\(quote(v.name)); spec_hash=\(hash); set -- \(v.overrides.map(quote).joined(separator: " ")) ;;\n"
        }
        s += """
          *) exit 0 ;;
        esac
        if [ -f "$dir/$name.json" ] && [ "$(cat "$dir/$name.done" 2>/dev/null)" = "\(done("0"))" ]; then exit 0; fi
        export NNSPEC_THREADS="${NNSPEC_THREADS:-${SLURM_CPUS_PER_TASK:-1}}"
        \(quote(executable)) run \(quote(plan.spec)) "$@" --output "$dir/$name.json" > "$dir/$name.log" 2>&1
        code=$?
        echo "\(done("$code"))" > "$dir/$name.done.tmp" && mv "$dir/$name.done.tmp" "$dir/$name.done"
        exit $code

        """
        return s
    }

    /// Submits `scriptPath`; with `wait`, returns only when every task has ended (`sbatch
    /// --wait`). The job id, or why sbatch refused.
    public func submit(_ scriptPath: String, wait: Bool) -> Result<String, SweepError> {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [sbatch, "--parsable"] + (wait ? ["--wait"] : []) + [scriptPath]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            return .failure(SweepError("cannot run \(sbatch): \(error.localizedDescription)"))
        }
        // Read before waiting: a full pipe would block sbatch.
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        // --parsable prints `jobid[;cluster]`; with --wait the exit status is the tasks' worst,
        // which the table reports per variant, so only a missing job id is sbatch's failure.
        let id = o.split(separator: "\n").first.map { String($0.split(separator: ";").first ?? "") } ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            return .failure(SweepError("\(sbatch) did not submit the job (exit \(p.terminationStatus)): \(e.trimmingCharacters(in: .whitespacesAndNewlines))"))
        }
        return .success(id)
    }

    /// `NAME.done`'s line for the shell, without its newline (echo adds it).
    private func done(_ code: String) -> String {
        String(SweepDirectory.doneLine(exit: code, spec: "$spec_hash").dropLast())
    }

    /// Single-quoted for bash.
    func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
