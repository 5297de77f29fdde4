/// The frameworks whose habits a spec can name. A convention is a preset of defaults for every
/// part of a spec (see `ConventionPreset`); any field written in the spec overrides it.
public enum Convention: String, Sendable, CaseIterable, Codable {
    case keras, sklearn, torch, tf1, numpy
}

public enum DType: String, Sendable, CaseIterable, Codable {
    case float32, float64
}
