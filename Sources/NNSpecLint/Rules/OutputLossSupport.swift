import NNSpecIR
import NNSpecSyntax

// Rules about the output activation and the loss that reads it (NeuraLint's and UMLAUT's
// "last layer activation vs loss" family). Each is its own rule so each can be disabled alone.

extension LintContext {
    /// Where the output layer's activation is written, else the layer itself.
    var outputActivationLocation: SourceLocation {
        location("\(layerPath(outputIndex)).activation", else: output.location)
    }

    /// True when every target is 0 or 1 (class labels or one-hot rows).
    var targetsAreClasses: Bool {
        guard let y = trainingData?.targets.values, !y.isEmpty else { return false }
        return y.allSatisfy { $0 == 0 || $0 == 1 }
    }
}
