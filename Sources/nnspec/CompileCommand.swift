import ArgumentParser
import NNSpecCommands

extension Compile.Format: ExpressibleByArgument {}

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Print a spec's canonical explicit form: every default resolved, with its origin.",
        discussion: """
        Keys are in a fixed order and numbers in shortest round-trip form, so a plain diff of two \
        compiled specs shows exactly their semantic differences. In YAML each value carries a \
        comment naming its origin: spec, extends <file>, convention <name>, default or derived.

        Examples:
          nnspec compile specs/mlp-l2-sklearn.yaml
          nnspec compile specs/mnist-l2.yaml --format json
          nnspec compile specs/bump-raw.yaml optimizer.learning_rate=0.1   # origin: override
          diff <(nnspec compile a.yaml) <(nnspec compile b.yaml)
        """
    )

    @Argument(help: "The spec to compile.")
    var spec: String

    @Argument(help: ArgumentHelp("Overrides key.path=value, set in the spec before it is checked (e.g. optimizer.learning_rate=0.1, model.layers[0].units=64).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(help: "Output format: yaml or json.")
    var format: Compile.Format = .yaml

    func run() throws {
        try finish(Compile.run(path: spec, format: format, overrides: overrides))
    }
}
