import ArgumentParser
import NNSpecCommands

extension DiagnosticFormat: ExpressibleByArgument {}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Name the pitfalls of each spec and the mismatches between specs that mirror each other.",
        discussion: """
        Findings print as `file:line:col: warning[ID]: message` with the source line, a caret, \
        notes with the numbers and a fix. A spec that says `mirrors: other.yaml` is compared with \
        that spec: every difference in loss scale, penalty, init, optimizer, batching, dtype is \
        reported with its factor and the value that would make them equal.

        Suppress a rule for a spec with `lint: {disable: [ID]}`, or for one line with a comment \
        `# nnspec-lint: disable=ID` on it or the line above.

        --fix applies, in place, each finding's fix-it when it is the only one offered and names \
        the exact value to replace; comments and layout are kept, each file is replaced \
        atomically, every change is printed, and the specs are linted again. A fix changes what \
        the experiment does (that is the finding's point), so --fix takes only the paths given: \
        name them, and review the change with git diff.

        Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or I/O.

        Examples:
          nnspec lint
          nnspec lint specs/mlp-l2-keras-all-layers.yaml
          nnspec lint specs --format sarif > lint.sarif
          nnspec lint --fix specs/two-points-sgd.yaml
          nnspec lint specs/mlp-l2-keras-all-layers.yaml model.layers[0].kernel_regularizer.l2=0
        """
    )

    @Argument(help: "Spec files or directories (default: specs/), and overrides key.path=value set in every spec read.")
    var paths: [String] = []

    @Option(help: "Output format: text, json or sarif.")
    var format: Lint.Format = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Apply the machine-applicable fix-its in place, then lint again.")
    var fix = false

    func validate() throws {
        if fix && Overrides.partition(paths).paths.isEmpty { throw ValidationError("--fix changes files: name the specs or directories to fix") }
    }

    func run() throws {
        let (files, overrides) = Overrides.partition(paths)
        try finish(Lint.run(paths: files.isEmpty ? Lint.defaultPaths : files, format: format, strict: strict,
                            overrides: overrides, fix: fix))
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the documentation of a lint rule or diagnostic id; without an id, list them all.",
        discussion: """
        Examples:
          nnspec explain
          nnspec explain mirror-penalty
          nnspec explain spec-unknown-key
        """
    )

    @Argument(help: "A lint rule or diagnostic id, e.g. mirror-penalty or yaml-syntax.")
    var id: String?

    func run() throws {
        try finish(Explain.run(id: id))
    }
}
