// Example specs for the rules' descriptions. Most examples are a small dense network on one of
// a few toy data sets, and differ from their neighbours in a line or two: a rule states its
// examples as those lines (the layers, the loss, what follows), and the data they share is
// written once here.

/// The lines of a `data:` section several rules' examples share.
struct ExampleData {
    /// The section's lines, unindented, without the `data:` key.
    var lines: [String]

    /// A regression: sin(x) on 40 points of [-1, 1].
    static let sine = sine(points: 40)

    /// sin(x) on `points` points of [-1, 1].
    static func sine(points: Int) -> ExampleData {
        ExampleData(lines: [
            "arrays: {x: {linspace: {start: -1, stop: 1, num: \(points)}}}",
            "inputs: x",
            "targets: {apply: {fn: sin, of: x}}",
        ])
    }

    /// XOR: four points, one 0/1 target column.
    static let xor = xor(targets: "[[0], [1], [1], [0]]")

    /// XOR as two classes: one-hot targets for two outputs.
    static let xorOneHot = xor(targets: "[[1, 0], [0, 1], [0, 1], [1, 0]]")

    /// XOR's four points with other targets.
    static func xor(targets: String) -> ExampleData {
        ExampleData(lines: ["inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]", "targets: \(targets)"])
    }

    /// Four points on a line, the last two of class 1.
    static let steps = ExampleData(lines: ["inputs: [[0], [1], [2], [3]]", "targets: [[0], [0], [1], [1]]"])

    /// Two points, one per class: linearly separable.
    static let twoPoints = ExampleData(lines: ["inputs: [[1, 1], [2, 2]]", "targets: [[0], [1]]"])

    /// Two points whose targets are their inputs.
    static let identity = ExampleData(lines: ["inputs: [[0], [1]]", "targets: [[0], [1]]"])
}

extension RuleExample {
    /// A spec: `convention` when given, `data`, the model's `layers` (one YAML flow mapping
    /// each), `loss`, then the top-level lines `rest` — each line as written, `↓` included.
    static func example(convention: String? = nil, data: ExampleData, layers: [String], loss: String,
                        then rest: [String] = []) -> RuleExample {
        RuleExample(yaml(convention: convention, data: data, layers: layers, loss: loss, then: rest))
    }

    /// The text of `example(...)`, for a mirror or a spec that starts with another line.
    static func yaml(convention: String? = nil, data: ExampleData, layers: [String], loss: String,
                     then rest: [String] = []) -> String {
        var lines = convention.map { ["convention: \($0)"] } ?? []
        lines.append("data:")
        lines += data.lines.map { "  " + $0 }
        lines += ["model:", "  layers:"]
        lines += layers.map { "    - " + $0 }
        lines.append("loss: \(loss)")
        lines += rest
        return lines.joined(separator: "\n")
    }
}
