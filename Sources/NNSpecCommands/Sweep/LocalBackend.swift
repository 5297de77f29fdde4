import Foundation
import NNSpecSyntax

/// Runs a sweep's variants on this machine: `workers` at a time, each variant as its own
/// `nnspec run SPEC overrides… --output DIR/NAME.json` process, so its results are those of a
/// plain run byte for byte (a child shares no state with its siblings) and a crash in one
/// variant is that variant's failure alone.
public struct LocalBackend: Sendable {
    /// The `nnspec` executable the variants run.
    public var executable: String
    public var workers: Int

    public init(executable: String, workers: Int) {
        self.executable = executable
        self.workers = max(1, workers)
    }

    /// Counts for the progress line.
    public struct Progress: Sendable {
        public var total: Int
        public var done = 0
        public var failed = 0
        /// Variants whose results are current, not run again.
        public var skipped = 0
        /// Variants whose spec does not load, never run.
        public var invalid = 0
        public var running = 0

        public var finished: Bool { done + skipped + invalid == total }

        public var line: String {
            "sweep: \(done)/\(total - skipped - invalid) done" + (failed > 0 ? ", \(failed) failed" : "")
                + (skipped > 0 ? ", \(skipped) already current" : "") + (invalid > 0 ? ", \(invalid) invalid" : "")
                + ", \(running) running"
        }
    }

    /// Runs every variant that is valid and not already current; `progress` is called (from
    /// worker threads, one call at a time) as variants start and finish.
    public func run(_ plan: SweepPlan, in dir: SweepDirectory, progress: (@Sendable (Progress) -> Void)? = nil) {
        let valid = plan.variants.filter { $0.invalid == nil }
        let todo = valid.filter { !dir.isCurrent($0) }
        let state = SharedState(Progress(total: plan.variants.count, skipped: valid.count - todo.count,
                                         invalid: plan.variants.count - valid.count))
        state.report(progress) { _ in }
        // Runs are bit-identical at any thread count, so splitting the cores between workers
        // changes speed only; a thread count the user set is left alone.
        var environment = ProcessInfo.processInfo.environment
        if environment["NNSPEC_THREADS"] == nil {
            environment["NNSPEC_THREADS"] = String(max(1, ProcessInfo.processInfo.activeProcessorCount / workers))
        }
        let env = environment
        let threads = (0..<min(workers, todo.count)).map { _ in
            Thread {
                while let v = state.next(todo) {
                    state.report(progress) { $0.running += 1 }
                    let code = Self.launch(executable, dir.runArguments(spec: plan.spec, v), log: dir.log(v), environment: env)
                    try? SweepDirectory.doneLine(exit: String(code), spec: v.effectiveSpec ?? "")
                        .write(toFile: dir.done(v), atomically: true, encoding: .utf8)
                    state.report(progress) {
                        $0.running -= 1
                        $0.done += 1
                        if code != 0 { $0.failed += 1 }
                    }
                }
                state.finishOne()
            }
        }
        threads.forEach { $0.start() }
        state.waitForAll(threads.count)
    }

    /// Runs one process with stdout and stderr into `log`; its exit status (128+signal when killed).
    static func launch(_ executable: String, _ arguments: [String], log: String, environment: [String: String]) -> Int32 {
        FileManager.default.createFile(atPath: log, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: log) else { return 127 }
        defer { try? handle.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.environment = environment
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            let d = Diagnostic(.sweepLaunch, "cannot start \(executable): \(error.localizedDescription)", at: nil)
            handle.write(Data(DiagnosticRenderer().render(d).utf8))
            return 127
        }
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
    }
}

/// The queue position and counts the worker threads share, behind one lock.
private final class SharedState: @unchecked Sendable {
    private let lock = NSCondition()
    private var position = 0
    private var finished = 0
    private var progress: LocalBackend.Progress

    init(_ progress: LocalBackend.Progress) { self.progress = progress }

    func next(_ todo: [SweepVariant]) -> SweepVariant? {
        lock.withLock {
            guard position < todo.count else { return nil }
            defer { position += 1 }
            return todo[position]
        }
    }

    func report(_ sink: (@Sendable (LocalBackend.Progress) -> Void)?, _ change: (inout LocalBackend.Progress) -> Void) {
        lock.withLock {
            change(&progress)
            sink?(progress)
        }
    }

    func finishOne() {
        lock.withLock {
            finished += 1
            lock.broadcast()
        }
    }

    func waitForAll(_ n: Int) {
        lock.lock()
        while finished < n { lock.wait() }
        lock.unlock()
    }
}
