import ArgumentParser
import Foundation
import NNSpecCommands

@main
struct NNSpec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnspec",
        abstract: "Neural-network experiments as checked-in YAML specs: check, compile, lint, run, diff.",
        discussion: """
        Every framework convention (loss scale, L2 form, init bounds, momentum form, batching) is an
        explicit, named choice in a spec. Examples:
          nnspec check specs/*.yaml
          nnspec compile specs/mnist-l2.yaml
          nnspec diff specs/mnist-l2.yaml specs/mnist-l2-numpy.yaml
        """,
        subcommands: [CheckCommand.self, CompileCommand.self, LintCommand.self, ExplainCommand.self, RunCommand.self, DiffCommand.self, ExportCommand.self]
    )
}

/// Prints a command's output and exits with its code; the only place that touches the process.
func finish(_ out: CommandOutput) throws -> Never {
    FileHandle.standardOutput.write(Data(out.stdout.utf8))
    FileHandle.standardError.write(Data(out.stderr.utf8))
    throw ExitCode(out.exitCode)
}
