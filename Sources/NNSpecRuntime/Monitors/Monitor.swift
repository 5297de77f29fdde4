import NNSpecIR
import NNSpecSyntax

/// Everything a training monitor says about itself, in the shape of a lint rule's description:
/// identity, the documentation `nnspec explain` prints, where the definition comes from, and
/// example specs the generic test runs (each must, or must not, draw a diagnosis of this id).
public struct MonitorDescription: Sendable {
    public var id: String
    public var name: String
    public var severity: Severity
    /// One line.
    public var summary: String
    /// The definition with its thresholds, and how it is measured.
    public var explanation: String
    /// Where the definition comes from.
    public var citation: String
    /// Complete specs (YAML) that must draw this diagnosis, and specs that must not.
    public var triggering: [String]
    public var nonTriggering: [String]
}

/// A training monitor: one file, one type, documented and tested by its own `description`. It
/// judges the measurements `MonitorSuite` takes (it never reads the trainer itself) and reports
/// at the end of the run.
protocol TrainingMonitor: AnyObject {
    static var description: MonitorDescription { get }
    init(_ context: MonitorContext)
    func step(_ sample: StepSample)
    func epoch(_ sample: EpochSample)
    func diagnoses(_ end: EndState) -> [Diagnosis]
}

extension TrainingMonitor {
    func step(_ sample: StepSample) {}
    func epoch(_ sample: EpochSample) {}

    /// A diagnosis of this monitor, at its severity.
    func diagnosis(at step: Int, epoch: Int, layer: String? = nil, units: [Int] = [], values: [Diagnosis.Measured],
                   message: String, cause: String, fix: String?) -> Diagnosis {
        Diagnosis(id: Self.description.id, severity: Self.description.severity, step: step, epoch: epoch, layer: layer,
                  units: units, values: values, message: message, cause: cause, fix: fix)
    }
}

/// What monitors know about the run before it starts.
struct MonitorContext {
    struct Layer {
        let name: String
        let activation: Activation
        let units: Int
        /// Whether `f′(z)` reaching zero stalls learning here: a sigmoid, tanh or softmax layer,
        /// except an output whose loss cancels the derivative (sigmoid + BCE, softmax + CCE).
        let saturates: Bool
    }

    let layers: [Layer]
    let trainRows: Int
    let stepsPerEpoch: Int
    let totalSteps: Int
    /// Whether a held-out part exists (and its loss is measured at epoch ends).
    let heldOut: Bool
    /// Whether any penalty (a regularizer or the global alpha) is part of the loss.
    let penalized: Bool
    /// The training loss (data term) of the best constant output — the targets' per-output
    /// mean — with the run's own loss function: what a model that ignores its inputs reaches.
    let constantLoss: Double
    /// Monitors see every `sampleEvery`-th step, from step 1.
    let sampleEvery: Int
}

/// The measurements of one layer at a sampled step, over that step's batch.
struct LayerSample {
    /// Root mean square of the kernel's gradient entries (data term plus penalty); 0 without one.
    let gradientRMS: Double
    /// Whether the layer has a kernel (dense, conv2d); the others have no gradient RMS to compare.
    let hasKernel: Bool
    /// Per unit, the rows of the batch (of `rows`) on which `f′(z)` is below
    /// `Saturation.unitThreshold` of its maximum; nil when the layer does not saturate (see
    /// `MonitorContext.Layer.saturates`).
    let saturatedRows: [Double]?
    let rows: Int
    /// ReLU only: per unit, whether it was positive on some row of the batch.
    let active: [Bool]?
    /// The groups of units with equal incoming weights (kernel column and bias), those of two
    /// or more units only.
    let identical: [[Int]]
    /// Σ W² over the kernel.
    let kernelSquare: Double
}

/// A sampled step (every `sampleEvery` steps, from step 1): its batch loss and the layers.
struct StepSample {
    let step: Int
    let epoch: Int
    let loss: Double
    let layers: [LayerSample]
}

struct EpochSample {
    let epoch: Int
    let step: Int
    /// The epoch's mean batch loss (data term plus penalties).
    let loss: Double
    /// On the epochs where the held-out part is measured: its data loss, and the penalty of a
    /// batch with the parameters at the epoch's end (`loss − penalty` estimates the training
    /// data loss).
    let heldOutLoss: Double?
    let penalty: Double?
}

/// The state at the end of a completed run, measured over the whole training set with the
/// final parameters (nil measurements after a divergence).
struct EndState {
    struct Layer {
        /// The fraction of (row, unit) pairs over every training row on which `f′(z)` is below
        /// `Saturation.unitThreshold` of its maximum; nil when the layer does not saturate.
        let saturated: Double?
        /// ReLU only: units that are zero on every training row.
        let dead: [Int]?
        let identical: [[Int]]
        let kernelSquare: Double
    }

    let result: RunResult
    let layers: [Layer]?
    /// The training data loss without penalties, and the penalty, with the final parameters.
    let dataLoss: Double?
    let penalty: Double?
    /// Σ W² over every kernel before the first step.
    let initialKernelSquare: Double
    let lastStep: Int
    let lastEpoch: Int
}
