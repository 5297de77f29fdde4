import ArgumentParser
import NNSpecCommands

extension Lint.Format: ExpressibleByArgument {}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Name the pitfalls of each spec and the mismatches between specs that mirror each other.",
        discussion: """
        Findings print as `file:line:col: warning[ID]: message` with the source line, a caret,
        notes with the numbers and a fix. A spec that says `mirrors: other.yaml` is compared with
        that spec: every difference in loss scale, penalty, init, optimizer, batching, dtype is
        reported with its factor and the value that would make them equal.
        Suppress a rule for a spec with `lint: {disable: [ID]}`, or for one line with a comment
        `# nnspec-lint: disable=ID` on it or the line above.
        Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or I/O.
        Examples:
          nnspec lint
          nnspec lint specs/mlp-l2-keras-all-layers.yaml
          nnspec lint specs --format sarif > lint.sarif
          nnspec lint specs/mlp-l2-keras-all-layers.yaml model.layers[0].kernel_regularizer.l2=0
        """
    )

    @Argument(help: "Spec files or directories (default: specs/), and overrides key.path=value set in every spec read.")
    var paths: [String] = []

    @Option(help: "Output format: text, json or sarif.")
    var format: Lint.Format = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    func run() throws {
        let (files, overrides) = Overrides.partition(paths)
        try finish(Lint.run(paths: files.isEmpty ? Lint.defaultPaths : files, format: format, strict: strict, overrides: overrides))
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print a lint rule's documentation with examples; without an id, list the rules.",
        discussion: """
        Examples:
          nnspec explain
          nnspec explain mirror-penalty
        """
    )

    @Argument(help: "A rule id, e.g. mirror-penalty.")
    var id: String?

    func run() throws {
        try finish(Explain.run(id: id))
    }
}
