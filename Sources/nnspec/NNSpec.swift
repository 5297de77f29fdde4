import ArgumentParser
import Foundation
import NNSpecCommands
import NNSpecSyntax

@main
struct NNSpec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnspec",
        abstract: "Neural-network experiments as checked-in YAML specs: check, compile, lint, explain, run, diff, export, plot, report, sweep.",
        discussion: """
        Every framework convention (loss scale, L2 form, init bounds, momentum form, batching) is an \
        explicit, named choice in a spec.

        Examples:
          nnspec check specs/*.yaml
          nnspec compile specs/mnist-l2.yaml
          nnspec lint specs
          nnspec explain penalty-scope
          nnspec run specs/mnist-l2.yaml
          nnspec diff specs/mnist-l2.yaml specs/mnist-l2-numpy.yaml
          nnspec export --to keras specs/mnist-l2.yaml --output mnist.py
          nnspec plot results/bump-raw.json results/bump-scaled.json -o bump.svg
          nnspec report specs/bump-raw.yaml specs/bump-scaled.yaml -o report.html
          nnspec sweep specs/bump-raw.yaml --set training.seed=0..9

        Exit status: 0 success, 1 findings (errors in a spec, lint errors, differences), 2 usage \
        or I/O errors.
        """,
        version: NNSpecVersion.current,
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
                // The parser's message as a `usage` diagnostic, then its usage lines.
                let usage = fullMessage(for: error).split(separator: "\n", maxSplits: 1).dropFirst().first.map { $0 + "\n" } ?? ""
                let d = Diagnostic(.usage, message(for: error), at: nil)
                FileHandle.standardError.write(Data((DiagnosticRenderer().render(d) + usage).utf8))
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
