import Foundation

/// How much memory one spec may ask for: its data arrays, a decompressed file, the network's
/// tensors and the history. Every size is computed (with overflow-checked arithmetic) and
/// compared with the budget before anything is allocated, so a spec that asks for 40 GB is
/// refused with the number instead of being killed by the system halfway.
///
/// The budget is process-wide: `NNSPEC_MEMORY_BUDGET` (e.g. `2GiB`, `500M`, `1000000`) or the
/// commands' `--memory-budget`, default 8 GiB.
public struct MemoryBudget: Sendable, Equatable {
    public var bytes: Int

    public init(bytes: Int) { self.bytes = bytes }

    public static let standard = MemoryBudget(bytes: 8 << 30)

    private static let lock = NSLock()
    nonisolated(unsafe) private static var setting: MemoryBudget?

    /// The budget in force: the one set by `--memory-budget`, else the environment's, else 8 GiB.
    public static var current: MemoryBudget {
        get {
            if let set = lock.withLock({ setting }) { return set }
            if let env = ProcessInfo.processInfo.environment["NNSPEC_MEMORY_BUDGET"], let b = parse(env) { return b }
            return standard
        }
        set { lock.withLock { setting = newValue } }
    }

    /// `1234`, `500K`, `500M`, `2G`, `2GB`, `2GiB` (K/M/G/T are powers of 1024, as for memory).
    public static func parse(_ text: String) -> MemoryBudget? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where s.hasSuffix(suffix) { s.removeLast(suffix.count); break }
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var factor = 1
        if let last = s.last, let f = units[last] {
            factor = f
            s.removeLast()
        }
        guard let n = Int(s), n > 0 else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow ? nil : MemoryBudget(bytes: bytes)
    }

    /// `bytes` as people read it: `12.0 GiB`, `300.0 MiB`, `512 bytes`; nil (overflow) is "more than 8 EiB".
    public static func describe(_ bytes: Int?) -> String {
        guard let bytes else { return "more than 8 EiB" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = -1
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit < 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    /// nil when `bytes` fits; else why not, e.g. "needs 16.0 GiB, more than the memory budget of 8.0 GiB".
    public func refusal(_ bytes: Int?) -> String? {
        if let bytes, bytes <= self.bytes { return nil }
        return "needs \(Self.describe(bytes)), more than the memory budget of \(Self.describe(self.bytes)) (--memory-budget or NNSPEC_MEMORY_BUDGET)"
    }
}

/// Overflow-checked arithmetic for counts that come from a spec or a file header: nil on overflow.
public enum Checked {
    public static func product(_ factors: [Int]) -> Int? {
        var total = 1
        for f in factors {
            guard f >= 0 else { return nil }
            let (p, o) = total.multipliedReportingOverflow(by: f)
            if o { return nil }
            total = p
        }
        return total
    }

    public static func multiply(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        let (p, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : p
    }

    public static func add(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        let (s, o) = a.addingReportingOverflow(b)
        return o ? nil : s
    }

    /// A Double from a spec or a file as an Int, nil when it is not finite or out of Int's range.
    public static func int(_ x: Double) -> Int? {
        guard x.isFinite, x > -9.2e18, x < 9.2e18 else { return nil }
        return Int(x)
    }
}
