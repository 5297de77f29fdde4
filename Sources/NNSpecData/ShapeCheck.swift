import NNSpecIR
import NNSpecSyntax

/// Shape checks that need the data: placeholder until the data module lands.
public enum ShapeCheck {
    public static func diagnostics(for spec: Spec) -> [Diagnostic] { [] }
}
