import ArgumentParser
import NNSpecCommands

extension Diff.Format: ExpressibleByArgument {}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what differs in meaning between two specs, and how their outcomes differ.",
        discussion: """
        Both specs are compared after extends:, convention presets and defaults, by the \
        effective numbers: the gradient each penalty adds per tensor (scikit-learn's α/n with the \
        resolved batch), the loss gradient factor, init bounds, momentum and ε forms, batches per \
        epoch, dtype. Differences print grouped by data / model / loss / optimizer / loop / other, \
        each with its factor and the change that would make A match B. Specs that mean the same \
        but are written differently give "no semantic differences".

        With --results RA RB (after the two specs) or --run, the outcomes are compared too: final \
        loss and metrics side by side, the largest parameter difference, the first logged point \
        where the histories part. Numbers within 4 ulps of the coarser of the two files' dtypes \
        are "equal within rounding" (with their relative difference); a quantity only one file \
        records (an exported script records no metrics) is "not recorded", not a difference.

        For git: --textconv SPEC prints the flattened form git diff compares; --git is git's \
        external-diff interface (README, "Reviewing specs with git").

        Exit status: 0 no differences, 1 differences, 2 usage or I/O.

        Examples:
          nnspec diff specs/mnist-l2.yaml specs/mnist-l2-numpy.yaml
          nnspec diff specs/mnist-l2.yaml specs/mnist-l2-numpy.yaml --format json
          nnspec diff a.yaml b.yaml --results results/a.json results/b.json
          nnspec diff specs/two-points-sgd.yaml specs/two-points-sgd-5000.yaml --run
          nnspec diff --textconv specs/mnist-l2.yaml
        """
    )

    @Argument(help: "Specs A and B, then any overrides key.path=value (set in both); with --textconv one spec; with --git the 7 arguments git passes.")
    var specs: [String]

    @Option(help: "Output format: text or json.")
    var format: Diff.Format = .text

    @Option(parsing: .upToNextOption, help: "Results files of A and B to compare (two paths).")
    var results: [String] = []

    @Flag(name: .customLong("run"), help: "Run both specs and compare their outcomes.")
    var runBoth = false

    @Flag(help: "Print one spec flattened to `path = value  # meaning` lines, for git's textconv.")
    var textconv = false

    @Flag(help: "Act as git's external diff driver (diff.<driver>.command).")
    var git = false

    func validate() throws {
        if textconv && git { throw ValidationError("give --textconv or --git, not both") }
        if textconv && specs.count != 1 { throw ValidationError("--textconv takes one spec") }
        if !textconv && !git && Overrides.partition(specs).paths.count != 2 { throw ValidationError("give two specs, A and B") }
    }

    func run() throws {
        if textconv { try finish(Diff.textconv(path: specs[0])) }
        if git { try finish(Diff.git(specs)) }
        let (paths, overrides) = Overrides.partition(specs)
        try finish(Diff.run(paths[0], paths[1], format: format, results: results, runBoth: runBoth, overrides: overrides))
    }
}
