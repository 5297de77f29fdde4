import Foundation
import NNSpecIR
import NNSpecPlan
import NNSpecLint
import NNSpecSyntax

/// `nnspec diff --textconv SPEC`: the spec flattened for `git diff` — every canonical leaf on a
/// line of its own as `path = value`, after `extends:`, the convention and defaults, without
/// origins (which change when a value merely moves), and with the effective number a value
/// stands for as a comment (`# gradient 2λ·W = 0.002·W per step`). A line-based diff of two
/// listings then shows what changed with the full path as context, and a change with a
/// consequence elsewhere (a batch size that changes scikit-learn's α/n) changes that line's
/// comment too.
public enum Textconv {
    static let header = "# nnspec diff --textconv: effective values (extends:, convention and defaults resolved), one per line"

    public static func listing(_ spec: Spec, data: DiffDataSource = DiffDataSource()) -> String {
        let context = LintContext(spec: spec, sources: [:], dataSource: data)
        let notes = meanings(context)
        var out = header + "\n"
        for (path, value) in spec.canonical.leaves() {
            out += "\(path) = \(value.scalarText)"
            if let n = notes[path] { out += "  # \(n)" }
            out += "\n"
        }
        return out
    }

    /// The effective number behind a leaf, keyed by its path.
    public static func meanings(_ c: LintContext) -> [String: String] {
        let spec = c.spec
        var out: [String: String] = [:]
        out["dtype"] = "machine ε \(spec.dtype == .float32 ? "1.19e-07" : "2.22e-16")"
        let leaves = spec.canonical.leaves().map(\.path)
        func first(under prefix: String) -> String? { leaves.first { DiffBuilder.under($0, prefix) } }
        for i in c.layers.indices {
            let l = c.layers[i], p = c.layerPath(i)
            if let fi = c.fanIn(i) { out["\(p).units"] = "\(fi) → \(l.units)" }
            for bias in [false, true] where !bias || l.useBias {
                let key = bias ? "bias_initializer" : "kernel_initializer"
                if let d = c.initDistribution(layer: i, bias: bias), let at = first(under: "\(p).\(key)") {
                    out[at] = d.isConstant ? d.text : "draws " + d.text
                }
                for t in c.penaltyTerms(layer: i, bias: bias) {
                    let shape = t.isL1 ? "sign(W)" : "W"
                    let value = t.coefficient.map { " = \(Num.g($0))·\(shape)" } ?? ""
                    switch t.source {
                    case .alpha(_, let n, let divided):
                        out[t.path] = "gradient \(t.formula)\(value) per step on every kernel" + (divided ? " (n = \(n.map(String.init) ?? "the batch size"))" : "")
                    case .weightDecay:
                        out[t.path] = "gradient \(t.formula)\(value) per step on every parameter"
                    default:
                        out[t.path] = "gradient \(t.formula)\(value) per step"
                    }
                }
            }
        }
        let k = c.lossOutputs
        out["loss.kind"] = "gradient \(spec.loss.gradientFormula(outputs: k)), m = \(Num.g(spec.loss.gradientFactor(outputs: k))) with k = \(k)"
        if let link = c.effectiveLink { out["loss.link"] = "effective: \(link.text)" }
        let o = spec.optimizer
        if o.kind == .sgd, o.momentum > 0 { out["optimizer.momentum"] = "a steady gradient's step is \(Num.g(c.momentumGain))·lr" }
        out["training.batch_size"] = c.spec.training.batchSize.description(c.plan?.batching) + (c.stepsPerEpoch.map { "; \(Num.count($0, "update")) per epoch" } ?? "")
        if let total = c.totalUpdates, o.kind != .lbfgs {
            switch spec.training.length {
            case .epochs: out["training.epochs"] = Num.count(total, "update")
            case .steps: out["training.steps"] = Num.count(total, "update")
            }
        }
        if c.stepsPerEpoch == 1 || spec.training.batchOrder == .wrap {
            out["training.shuffle"] = "no effect: " + (spec.training.batchOrder == .wrap ? "batch_order wrap" : "one batch per epoch")
        }
        return out
    }

    /// Where the spec text at `path` really lives. Git hands textconv a copy of an old version
    /// in a temporary directory (`/tmp/git-blob-XXXXXX/name.yaml`) and runs it at the top of
    /// the work tree; the spec's `extends:` and data paths only resolve from its own directory,
    /// so a copy is read as the one work-tree file of the same name, when there is exactly one.
    /// (Older gits name the copy `/tmp/XXXXXX_name.yaml`; that form is recognized too.)
    public static func locate(_ path: String, root: String = FileManager.default.currentDirectoryPath) -> String {
        let dir = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        var name = (path as NSString).lastPathComponent
        if !dir.hasPrefix("git-blob-") {
            let prefix = name.prefix(7)
            let temporary = (path as NSString).deletingLastPathComponent == (NSTemporaryDirectory() as NSString).standardizingPath
                || (path as NSString).deletingLastPathComponent == "/tmp"
            guard temporary, prefix.count == 7, prefix.last == "_", prefix.dropLast().allSatisfy({ $0.isLetter || $0.isNumber }) else { return path }
            name = String(name.dropFirst(7))
        }
        let matches = findFiles(named: name, under: root)
        guard matches.count == 1 else { return path }
        return root == FileManager.default.currentDirectoryPath ? matches[0] : (root as NSString).appendingPathComponent(matches[0])
    }

    /// Files called `name` under `root` (relative to it), skipping hidden and build directories.
    static func findFiles(named name: String, under root: String) -> [String] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = walker.nextObject() as? String {
            let last = (rel as NSString).lastPathComponent
            if last.hasPrefix(".") || last == "node_modules" {
                walker.skipDescendants()
                continue
            }
            if last == name { out.append(rel) }
        }
        return out.sorted()
    }
}
