import ArgumentParser
import NNSpecCommands
import NNSpecExport

extension Export.Target: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a Python script that runs a spec's experiment in Keras, scikit-learn or PyTorch.",
        discussion: """
        The script rebuilds the spec's data bit for bit in NumPy, starts from nnspec's initial \
        weights, takes the same batches in the same order, and writes its results in nnspec's \
        results format (to its first argument, or next to the script), so a reviewer can confirm a \
        spec outside nnspec. A spec the framework cannot express exactly is refused with the field \
        and the reason.

        Exit status: 0 written, 1 spec errors or refusals, 2 unreadable or unwritable files.

        Examples:
          nnspec export --to keras specs/mnist-l2.yaml --output mnist-l2-keras.py
          nnspec export --to sklearn specs/mlp-l2-sklearn.yaml > mlp.py
        """
    )

    @Option(name: .customLong("to"), help: ArgumentHelp("Target framework: keras, sklearn or pytorch.", valueName: "framework"))
    var target: Export.Target

    @Argument(help: "The spec to export.")
    var spec: String

    @Argument(help: ArgumentHelp("Overrides key.path=value, set in the spec before it is checked (e.g. optimizer.learning_rate=0.1, model.layers[0].units=64).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .shortAndLong, help: "Write the script to this file (data paths relative to it); default stdout.")
    var output: String?

    func run() throws {
        try finish(Export.run(path: spec, to: target, output: output, overrides: overrides))
    }
}
