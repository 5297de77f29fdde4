import ArgumentParser
import NNSpecCommands

/// `--memory-budget` and `--allow-long`, shared by every command that loads a spec.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Refuse a spec whose data, network or history would need more memory than this (e.g. 2GiB, 500M; default 8GiB, or NNSPEC_MEMORY_BUDGET).", valueName: "size"))
    var memoryBudget: String?

    @Flag(help: "Accept runs of more than 10^8 training steps.")
    var allowLong = false

    /// Sets the limits; a budget that does not parse ends the command with exit status 2.
    func apply() throws {
        if let failure = Limits.apply(memoryBudget: memoryBudget, allowLong: allowLong) { try finish(failure) }
    }
}
