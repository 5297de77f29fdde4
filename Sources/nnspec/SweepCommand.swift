import ArgumentParser
import Foundation
import NNSpecCommands

extension SweepReport.Format: ExpressibleByArgument {}
extension Sweep.Backend: ExpressibleByArgument {}

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run many variants of a spec (overrides over a grid) and print one table of outcomes.",
        discussion: """
        Each --set key=values is an axis: values separated by commas, a..b for the integers a \
        through b. Variants are the cartesian product of the axes (the last varies fastest), or \
        with --zip the i-th value of each. Variant i is exactly `nnspec run SPEC key=value …`: its \
        results file in the sweep directory is byte-identical to that run's, named by a short \
        hash of its overrides and its values. A variant whose results exist for the same \
        effective spec is skipped, so an interrupted sweep resumes; a failing variant is \
        recorded and the others go on.

        The table has one row per variant (values, status, final loss, metrics). Variants that \
        differ only in axes whose key ends in `seed` are grouped, with mean, std (population), \
        min and max of each quantity and, per --count, how many satisfy a condition (9/10).

        --backend slurm writes one job-array script (DIR/sweep.sbatch) and submits it with \
        sbatch; --wait waits for the tasks and prints the table, else run \
        `nnspec sweep collect DIR` when they end.

        Exit status: 0 every variant ran, 1 a variant failed or is invalid (or is pending), 2 usage.

        Examples:
          nnspec sweep specs/bump-raw.yaml --set training.seed=0..99 --count "binary_accuracy>=0.99"
          nnspec sweep specs/mlp-l2-sklearn.yaml --set regularization.alpha=0,0.01,0.1,1 -j 2
          nnspec sweep specs/first-feature-keras.yaml --set optimizer.learning_rate=0.1,0.01 \\
              --set training.steps=100,1000 --zip --format markdown
          nnspec sweep specs/bump-raw.yaml --set training.seed=0..999 --backend slurm \\
              --partition short --time 00:10:00 -j 50
          nnspec sweep collect sweeps/bump-raw --format csv
        """,
        subcommands: [Start.self, Collect.self],
        defaultSubcommand: Start.self
    )

    struct TableOptions: ParsableArguments {
        @Option(help: "Table format: text, markdown, csv or json.")
        var format: SweepReport.Format = .text

        @Option(name: .customLong("count"), help: ArgumentHelp("Count, per seed group, the variants whose final metric satisfies this (e.g. \"binary_accuracy>=0.99\"); repeatable.", valueName: "metric>=x"))
        var counts: [String] = []
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run the variants (the default: `nnspec sweep SPEC …`)."
        )

        @Argument(help: "The spec to sweep.")
        var spec: String

        @Option(name: .customLong("set"), help: ArgumentHelp("An axis: key.path=v1,v2,… or key.path=a..b; repeatable.", valueName: "key=values"))
        var sets: [String] = []

        @Flag(help: "Zip the axes (the i-th values together) instead of taking their product.")
        var zip = false

        @Option(name: .customShort("j"), help: "Variants run at once (local), or at most this many array tasks at once (slurm).")
        var jobs: Int?

        @Option(name: .customLong("out"), help: "The sweep directory (default sweeps/<spec name>).")
        var directory: String?

        @OptionGroup var table: TableOptions

        @Option(help: "Where variants run: local or slurm.")
        var backend: Sweep.Backend = .local

        @Option(help: "Slurm partition.") var partition: String?
        @Option(help: "Slurm account.") var account: String?
        @Option(help: "Slurm time limit per task (e.g. 00:10:00).") var time: String?
        @Option(name: .customLong("cpus-per-task"), help: "Slurm CPUs per task.") var cpusPerTask: Int?
        @Flag(help: "Slurm: wait for every task to end, then print the table.") var wait = false

        func validate() throws {
            if sets.isEmpty { throw ValidationError("give at least one --set key=values") }
            if let j = jobs, j < 1 { throw ValidationError("-j must be at least 1") }
            if let c = cpusPerTask, c < 1 { throw ValidationError("--cpus-per-task must be at least 1") }
            if backend == .local, partition != nil || account != nil || time != nil || cpusPerTask != nil || wait {
                throw ValidationError("--partition, --account, --time, --cpus-per-task and --wait are for --backend slurm")
            }
        }

        func run() throws {
            var o = Sweep.Options(spec: spec, sets: sets, executable: currentExecutable())
            o.mode = zip ? .zip : .product
            o.workers = jobs ?? 1
            o.directory = directory
            o.format = table.format
            o.counts = table.counts
            o.backend = backend
            o.slurm = SlurmBackend.Options(partition: partition, account: account, time: time,
                                           cpusPerTask: cpusPerTask, maxConcurrent: jobs)
            o.wait = wait
            if isatty(STDERR_FILENO) == 1 {
                o.progress = { p in
                    let end = p.finished ? "\r\u{1B}[K" : ""
                    FileHandle.standardError.write(Data(("\r\u{1B}[K" + p.line + end).utf8))
                }
            }
            try finish(Sweep.run(o))
        }
    }

    struct Collect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "collect",
            abstract: "Print a sweep's table again from its directory (e.g. after Slurm tasks end)."
        )

        @Argument(help: "The sweep directory.")
        var directory: String

        @OptionGroup var table: TableOptions

        func run() throws {
            try finish(Sweep.collect(directory: directory, format: table.format, counts: table.counts))
        }
    }
}

/// This process's executable, which the variants run: /proc/self/exe where there is one.
private func currentExecutable() -> String {
    if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
    return Bundle.main.executablePath ?? CommandLine.arguments[0]
}
