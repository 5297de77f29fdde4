/// nnspec's version: what `nnspec --version` prints and SARIF logs name. The one place it is set.
public enum NNSpecVersion {
    public static let current = "0.1.0"
}
