import NNSpecIR
import NNSpecSyntax

/// The shape each array operation produces from its operands' shapes, or the error it raises.
/// Shared by the evaluator (which then computes the values) and by `ShapeInference` (which
/// stops at the shapes), so `check` and `run` can never disagree about a shape.
enum ShapeRules {
    static func describe(_ s: [Int]) -> String { DataArray.describe(s) }

    /// NumPy broadcasting of two operands of rank ≤ 2, except the "outer" case where neither
    /// operand already has the result's shape: (n,) against (n, 1) broadcasts to (n, n) in NumPy,
    /// silently; that is the TF1 bug, so it is an error here.
    static func broadcast(_ op: BinaryOp, _ a: [Int], _ b: [Int], at location: SourceLocation?) throws(Diagnostic) -> [Int] {
        try matrices([a, b], op.rawValue, at: location)
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        var result: [Int] = []
        for (x, y) in zip(pa, pb) {
            if x == y || y == 1 { result.append(x) } else if x == 1 { result.append(y) } else {
                throw Diagnostic.error(.shapeMismatch,
                    "cannot \(op.rawValue) arrays of shapes \(describe(a)) and \(describe(b)): the dimensions \(x) and \(y) do not match",
                    at: location)
            }
        }
        if result != a && result != b {
            throw Diagnostic.error(.shapeMismatch,
                "\(op.rawValue) of shapes \(describe(a)) and \(describe(b)) would broadcast to \(describe(result)), pairing every element of one with every element of the other",
                at: location,
                notes: [DiagnosticNote("this is how TF1's mean_squared_error of labels (n,) and predictions (n, 1) silently averaged an (n, n) matrix")],
                fixIts: [FixIt("give both operands the same rank, e.g. take the column with keepdims: true, or reshape the vector to [-1, 1]")])
        }
        return result
    }

    /// `np.concatenate(parts, axis)`: same rank, matching sizes off the axis.
    static func concat(_ shapes: [[Int]], axis: Int, at location: SourceLocation?) throws(Diagnostic) -> [Int] {
        guard let first = shapes.first else {
            throw Diagnostic.error(.dataExpression, "concat needs at least one array", at: location)
        }
        try matrices(shapes, "concat", at: location)
        if let scalar = shapes.firstIndex(where: { $0.isEmpty }) {
            throw Diagnostic.error(.shapeMismatch, "concat cannot join a scalar (part \(scalar)); wrap it in a list or use repeat", at: location)
        }
        if axis < 0 || axis >= first.count {
            throw Diagnostic.error(.shapeMismatch, "concat along axis \(axis) needs 2-D arrays, but part 0 has shape \(describe(first))", at: location)
        }
        var out = first
        for (i, s) in shapes.enumerated().dropFirst() {
            guard s.count == first.count else {
                throw Diagnostic.error(.shapeMismatch,
                    "concat parts must have the same rank: part 0 has shape \(describe(first)), part \(i) has shape \(describe(s))",
                    at: location)
            }
            for d in 0..<s.count where d != axis && s[d] != first[d] {
                throw Diagnostic.error(.shapeMismatch,
                    "concat along axis \(axis): part 0 has shape \(describe(first)) but part \(i) has shape \(describe(s))",
                    at: location)
            }
            let (sum, overflow) = out[axis].addingReportingOverflow(s[axis])
            guard !overflow else { throw Diagnostic(.shapeMismatch, "concat along axis \(axis): the parts together have more rows than can be counted", at: location) }
            out[axis] = sum
        }
        return out
    }

    /// `np.repeat(a, times, axis=0)`; a scalar repeats into a vector, as `np.repeat(0, times)` does.
    /// A product that overflows saturates at `Int.max`, which `checkSize` then refuses.
    static func repeatRows(_ shape: [Int], times: Int) -> [Int] {
        guard !shape.isEmpty else { return [times] }
        var out = shape
        let (p, overflow) = out[0].multipliedReportingOverflow(by: times)
        out[0] = overflow ? Int.max : p
        return out
    }

    /// `X[:, index]` (vector) or `X[:, index:index+1]` (column, `keepdims`).
    static func column(_ shape: [Int], index: Int, keepdims: Bool, at location: SourceLocation?) throws(Diagnostic) -> [Int] {
        guard shape.count == 2 else {
            throw Diagnostic.error(.shapeMismatch, "column needs a 2-D array, got shape \(describe(shape))", at: location)
        }
        guard index >= 0, index < shape[1] else {
            throw Diagnostic.error(.shapeMismatch, "column index \(index) is out of range for shape \(describe(shape)) (\(shape[1]) columns)", at: location)
        }
        return keepdims ? [shape[0], 1] : [shape[0]]
    }

    /// `X[:, indices]`.
    static func columns(_ shape: [Int], indices: [Int], at location: SourceLocation?) throws(Diagnostic) -> [Int] {
        guard shape.count == 2 else {
            throw Diagnostic.error(.shapeMismatch, "columns needs a 2-D array, got shape \(describe(shape))", at: location)
        }
        if indices.isEmpty { throw Diagnostic.error(.dataExpression, "columns needs at least one index", at: location) }
        if let bad = indices.first(where: { $0 < 0 || $0 >= shape[1] }) {
            throw Diagnostic.error(.shapeMismatch, "column index \(bad) is out of range for shape \(describe(shape)) (\(shape[1]) columns)", at: location)
        }
        return [shape[0], indices.count]
    }

    /// Arrays of rank > 2 (images, made by `reshape`) are for a model's inputs: arithmetic and
    /// joins work on vectors and matrices, so an image array must be reshaped last.
    static func matrices(_ shapes: [[Int]], _ op: String, at location: SourceLocation?) throws(Diagnostic) {
        guard let s = shapes.first(where: { $0.count > 2 }) else { return }
        throw Diagnostic.error(.shapeMismatch, "\(op) works on vectors and matrices, but an operand has shape \(describe(s))", at: location,
                               fixIts: [FixIt("apply \(op) to the rows first and reshape to images last")])
    }

    /// `a.reshape(target)` with at most one -1: one or two dimensions, or an image array of rank
    /// 3 or 4 (`[-1, 28, 28, 1]`: samples of shape (28, 28, 1)).
    static func reshape(_ shape: [Int], to target: [Int], at location: SourceLocation?) throws(Diagnostic) -> [Int] {
        guard let count = Checked.product(shape) else {
            throw Diagnostic(.shapeMismatch, "cannot reshape an array of shape \(describe(shape)): more elements than can be counted", at: location)
        }
        guard !target.isEmpty, target.count <= DataArray.maxRank else {
            throw Diagnostic.error(.dataExpression, "reshape target must have one to \(DataArray.maxRank) dimensions, got \(target.count)", at: location)
        }
        if target.filter({ $0 == -1 }).count > 1 {
            throw Diagnostic.error(.dataExpression, "reshape can infer only one dimension, got \(target.filter { $0 == -1 }.count) entries of -1", at: location)
        }
        if let bad = target.first(where: { $0 == 0 || $0 < -1 }) {
            throw Diagnostic.error(.dataExpression, "reshape dimensions must be positive (or one -1), got \(bad)", at: location)
        }
        // Sizes from the spec: a product that overflows cannot be the array's count.
        var known = 1
        for d in target where d != -1 {
            let (p, overflow) = known.multipliedReportingOverflow(by: d)
            guard !overflow else {
                throw Diagnostic.error(.shapeMismatch, "cannot reshape an array of shape \(describe(shape)) (\(count) elements) into \(describeTarget(target))", at: location)
            }
            known = p
        }
        var out = target
        if let i = target.firstIndex(of: -1) {
            guard count % known == 0 else {
                throw Diagnostic.error(.shapeMismatch,
                    "cannot reshape an array of shape \(describe(shape)) (\(count) elements) into \(describeTarget(target))",
                    at: location)
            }
            out[i] = count / known
        }
        guard Checked.product(out) == count else {
            throw Diagnostic.error(.shapeMismatch,
                "cannot reshape an array of shape \(describe(shape)) (\(count) elements) into \(describeTarget(target))",
                at: location)
        }
        return out
    }

    private static func describeTarget(_ t: [Int]) -> String {
        t.count == 1 ? "(\(t[0]),)" : "(" + t.map(String.init).joined(separator: ", ") + ")"
    }

    /// Length of `np.arange(start, stop, step)` for doubles: `ceil((stop − start)/step)`.
    static func arangeCount(start: Double, stop: Double, step: Double, at location: SourceLocation?) throws(Diagnostic) -> Int {
        let length = ((stop - start) / step).rounded(.up)
        guard length.isFinite else {
            throw Diagnostic.error(.dataExpression, "arange(\(start), \(stop), \(step)): cannot compute the length", at: location)
        }
        guard length >= 1 else {
            throw Diagnostic.error(.dataExpression, "arange(\(start), \(stop), \(step)) is empty", at: location)
        }
        guard length <= 100_000_000 else {
            throw Diagnostic.error(.dataExpression, "arange(\(start), \(stop), \(step)) would have \(length) entries", at: location)
        }
        return Int(length)
    }

    /// Refuses generator shapes whose element count is absurd before allocating anything.
    static func checkSize(_ shape: [Int], what: String, at location: SourceLocation?) throws(Diagnostic) {
        var total = 1
        for d in shape {
            if d < 0 { throw Diagnostic.error(.dataExpression, "\(what) has a negative dimension in shape \(describe(shape))", at: location) }
            let (p, overflow) = total.multipliedReportingOverflow(by: d)
            if overflow || p > 500_000_000 {
                throw Diagnostic.error(.dataExpression, "\(what) of shape \(describe(shape)) is too large", at: location)
            }
            total = p
        }
    }
}
