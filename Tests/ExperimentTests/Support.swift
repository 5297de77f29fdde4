import Foundation
import NNSpecCommands
import NNSpecData
import NNSpecIR
import NNSpecRuntime
import XCTest

/// Paths in the repository, found from this file's path.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func spec(_ name: String) -> String { root.appendingPathComponent("specs/\(name).yaml").path }
    static func results(_ name: String) -> String { root.appendingPathComponent("results/\(name).json").path }
    static var specNames: [String] {
        let dir = root.appendingPathComponent("specs").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }
}

struct ExperimentError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Runs specs through the library exactly as `nnspec run` does (`SpecPipeline.load`,
/// `DataLoader.materialize`, `Runner.run`). Data are materialized once per distinct data section
/// (the key lint uses too: the spec's directory and the canonical data section), so the MNIST
/// specs share one decoded MNIST.
final class Experiments: @unchecked Sendable {
    static let shared = Experiments()

    private let lock = NSLock()
    private var dataCache: [String: MaterializedData] = [:]

    func load(_ name: String) throws -> Spec {
        let loaded = SpecPipeline.load(path: Repo.spec(name))
        guard let spec = loaded.spec else {
            throw ExperimentError("\(name): \(loaded.diagnostics.map(\.description).joined(separator: "\n"))")
        }
        return spec
    }

    func data(for spec: Spec) throws -> MaterializedData {
        let key = (spec.file as NSString).deletingLastPathComponent + "|" + CanonicalPrinter.json(spec.data.canonical)
        if let cached = lock.withLock({ dataCache[key] }) { return cached }
        switch DataLoader.materialize(spec) {
        case .success(let d):
            lock.withLock { dataCache[key] = d }
            return d
        case .failure(let e):
            throw ExperimentError("\(spec.name): \(e.diagnostics.map(\.description).joined(separator: "\n"))")
        }
    }

    func run(_ spec: Spec, initialParameters: [DenseParameters]? = nil) throws -> RunResult {
        let data = try data(for: spec)
        do {
            return try Runner.run(spec, data: data, initialParameters: initialParameters)
        } catch {
            throw ExperimentError("\(spec.name): \(error.message)")
        }
    }

    func run(_ name: String) throws -> RunResult { try run(load(name)) }

    /// Runs small specs side by side (the machine has 2 cores; each of these runs on one thread,
    /// their matrices being below the GEMM's threading threshold). Results in the given order.
    func runAll(_ specs: [Spec]) throws -> [RunResult] {
        for s in specs { _ = try data(for: s) }
        return try parallelMap(specs) { try self.run($0) }
    }

    func runAll(_ names: [String]) throws -> [String: RunResult] {
        let specs = try names.map(load)
        return Dictionary(uniqueKeysWithValues: zip(names, try runAll(specs)))
    }
}

/// `items.map(body)`, the calls spread over the cores; results in order, the first error thrown.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) throws -> R) throws -> [R] {
    let out = ResultSlots<R>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
        out.set(i, Result { try body(items[i]) })
    }
    return try out.values()
}

private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<T, any Error>) { lock.withLock { slots[i] = r } }
    func values() throws -> [T] { try lock.withLock { slots }.map { try $0!.get() } }
}

extension RunResult {
    /// A final metric (`r2`, `accuracy`, `binary_accuracy`, `loss`).
    func metric(_ name: String) -> Double? { finalMetrics.first { $0.name == name }?.value ?? nil }

    /// A held-out metric of every history entry (`val_r2`, …).
    func historyMetric(_ name: String) -> [Double?] {
        history.map { h in h.metrics.first { $0.name == name }?.value ?? nil }
    }

    var losses: [Double] { history.map(\.loss) }

    func layer(_ name: String) -> DenseParameters? { parameters.first { $0.name == name } }

    /// Every parameter, layer by layer, kernel then bias.
    var flatParameters: [Double] { parameters.flatMap { $0.kernel + ($0.bias ?? []) } }
}

/// The checked-in results file of a spec, parsed.
enum CheckedIn {
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.results(name)))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ExperimentError("results/\(name).json is not a JSON object")
        }
        return object
    }

    /// The history entries of the checked-in file as their exact text (JSONSerialization may
    /// round the last digit of a number; the text is what `nnspec run --check` compares).
    static func historyTexts(_ name: String) throws -> [String] {
        historyTexts(json: try String(contentsOfFile: Repo.results(name), encoding: .utf8))
    }

    /// The entries of the top-level `history` list of a results text, one string per entry,
    /// without the separating comma.
    static func historyTexts(json text: String) -> [String] {
        var entries: [String] = [], current: [Substring] = [], inHistory = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "  \"history\": [" { inHistory = true; continue }
            guard inHistory else { continue }
            if line.hasPrefix("  ]") { break }
            current.append(line)
            if line == "    }" || line == "    }," {
                entries.append(current.joined(separator: "\n").replacingOccurrences(of: "},", with: "}"))
                current = []
            }
        }
        return entries
    }
}

/// The real frameworks' runs of experiment 4, from `parity/fixtures/experiments.json`.
enum ParityExperiments {
    static func expected(_ id: String) throws -> [String: Any] {
        let url = Repo.root.appendingPathComponent("parity/fixtures/experiments.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let cases = object?["cases"] as? [[String: Any]] ?? []
        guard let c = cases.first(where: { $0["id"] as? String == id }), let e = c["expected"] as? [String: Any] else {
            throw ExperimentError("no case \(id) in experiments.json")
        }
        return e
    }

    static func doubles(_ value: Any?) -> [Double] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }

    /// `final_weights[0]` as one flat list: kernel (n × 1) then bias.
    static func finalWeights(_ e: [String: Any]) -> [Double] {
        let layer = (e["final_weights"] as? [[String: Any]])?.first ?? [:]
        let kernel = (layer["kernel"] as? [[Any]] ?? []).flatMap { doubles($0) }
        return kernel + doubles(layer["bias"])
    }
}

/// `value` agrees with a number quoted in a document at the precision it was quoted: rounded to
/// the quoted digits it gives the quoted text (`truncated`: the quote dropped the digits instead
/// of rounding, so value ∈ [q, q + 1 unit) for a positive q).
func XCTAssertQuoted(_ value: Double, _ quoted: String, truncated: Bool = false, _ message: String = "",
                     file: StaticString = #filePath, line: UInt = #line) {
    guard let q = Double(quoted) else { return XCTFail("not a number: \(quoted)", file: file, line: line) }
    let lower = quoted.lowercased()
    let exponent = lower.firstIndex(of: "e").map { Int(lower[lower.index(after: $0)...]) ?? 0 } ?? 0
    let mantissa = lower.split(separator: "e").first.map(String.init) ?? lower
    let decimals = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
    let unit = pow(10, Double(exponent - decimals))
    // A hair of slack for the quote's own binary representation.
    let slack = 1e-9 * unit
    let ok = truncated ? (abs(value) >= abs(q) - slack && abs(value) < abs(q) + unit + slack && (value < 0) == (q < 0))
                       : abs(value - q) <= 0.5 * unit + slack
    XCTAssert(ok, "\(value) is not \(quoted) at the quoted precision (unit \(unit)\(truncated ? ", truncated" : "")) \(message)",
              file: file, line: line)
}

/// Relative agreement `|a − b| ≤ rel·|b| + abs`.
func XCTAssertClose(_ a: Double, _ b: Double, rel: Double = 0, abs absolute: Double = 0, _ message: @autoclosure () -> String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    XCTAssert(abs(a - b) <= rel * abs(b) + absolute, "\(a) vs \(b): differ by \(abs(a - b)) (rel \(rel), abs \(absolute)) \(message())",
              file: file, line: line)
}

/// Angle in degrees between two vectors.
func angle(_ a: [Double], _ b: [Double]) -> Double {
    let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return acos(max(-1, min(1, dot / (na * nb)))) * 180 / Double.pi
}
