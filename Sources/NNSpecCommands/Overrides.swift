import NNSpecIR

/// The CLI's view of overrides: which of a command's positional arguments are `key.path=value`
/// overrides (see `NNSpecIR.Override`) and which are paths.
public enum Overrides {
    public static func partition(_ arguments: [String]) -> (paths: [String], overrides: [String]) {
        Override.partition(arguments)
    }
}
