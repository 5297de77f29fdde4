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
        Exit status: 0 success, 1 findings (errors in a spec, lint errors, differences), 2 usage
        or I/O errors.
        """,
        subcommands: [CheckCommand.self, CompileCommand.self, LintCommand.self, ExplainCommand.self, RunCommand.self, DiffCommand.self, ExportCommand.self, PlotCommand.self, ReportCommand.self, SweepCommand.self]
    )

    /// ArgumentParser reports usage errors with sysexits' 64; nnspec's contract is 2 for usage
    /// and I/O errors, the same code every command returns for them.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(CommandOutput.Code.usage)
            }
            exit(withError: error)
        }
    }
}

/// Prints a command's output and exits with its code; the only place that touches the process.
func finish(_ out: CommandOutput) throws -> Never {
    FileHandle.standardOutput.write(Data(out.stdout.utf8))
    FileHandle.standardError.write(Data(out.stderr.utf8))
    throw ExitCode(out.exitCode)
}
