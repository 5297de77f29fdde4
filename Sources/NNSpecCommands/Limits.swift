import NNSpecData

/// The limits every command that loads a spec honours (`--memory-budget`, `--allow-long`), set
/// once per process before the command runs; see `MemoryBudget` and `ResourceCheck`.
public enum Limits {
    /// Sets the limits, or returns the usage error for a budget that does not parse.
    public static func apply(memoryBudget: String?, allowLong: Bool) -> CommandOutput? {
        if let memoryBudget {
            guard let budget = MemoryBudget.parse(memoryBudget) else {
                return CommandOutput.usage("--memory-budget '\(memoryBudget)' is not a size (e.g. 2GiB, 500M, 1000000)")
            }
            MemoryBudget.current = budget
        }
        ResourceCheck.allowLong = allowLong
        return nil
    }
}
