/// Builders of the small, complete specs the monitors' descriptions carry as examples: each
/// trains in well under a second.
enum MonitorExamples {
    /// y = sin(x₀) + 0.5·x₁ + noise on 400 rows (x ~ N(0, 1)), a quarter held out, standardized.
    static let smoothData = """
    data:
      arrays:
        X: {normal: {shape: [400, 2]}}
        noise: {normal: {shape: [400, 1], scale: 0.1}}
      inputs: X
      targets:
        add:
          - add:
              - apply: {fn: sin, of: {column: {of: X, index: 0}}}
              - multiply: [0.5, {column: {of: X, index: 1}}]
          - noise
      split: {kind: train_test_split, test_size: 0.25, random_state: 0}
      preprocess:
        - kind: standardize
    """

    /// The bump experiment's data: x from 0 to 30 unscaled, y = 0, 1, 0 on three blocks.
    static let bumpData = """
    data:
      inputs:
        concat:
          - {linspace: {start: 0, stop: 10, num: 100}}
          - {linspace: {start: 11, stop: 20, num: 100}}
          - {linspace: {start: 21, stop: 30, num: 100}}
      targets:
        concat:
          - {repeat: {of: [[0]], times: 100}}
          - {repeat: {of: [[1]], times: 100}}
          - {repeat: {of: [[0]], times: 100}}
    """

    /// A complete spec: `layers` are flow mappings, `training` a flow mapping's content.
    static func spec(convention: String = "keras", data: String = smoothData, layers: [String], loss: String = "mse",
                     optimizer: String, training: String, metrics: String = "[loss, r2]") -> String {
        """
        nnspec: 1
        convention: \(convention)
        seed: 0
        \(data)
        model:
          layers:
        \(layers.map { "    - \($0)" }.joined(separator: "\n"))
        loss: \(loss)
        optimizer: \(optimizer)
        training: {\(training)}
        metrics: \(metrics)
        """
    }

    /// The smooth regression with one hidden layer of 16 tanh units.
    static func regression(hidden: String = "{units: 16, activation: tanh}", optimizer: String, epochs: Int,
                           batch: String = "32") -> String {
        spec(layers: [hidden, "{units: 1}"], optimizer: optimizer, training: "epochs: \(epochs), batch_size: \(batch)")
    }
}
