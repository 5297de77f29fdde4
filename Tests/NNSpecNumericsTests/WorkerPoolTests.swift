import Foundation
import XCTest
import NNSpecNumerics

/// The worker pool runs every part of a run exactly once, whoever calls it and however often,
/// and the element ranges it hands out cover their items exactly once.
final class WorkerPoolTests: XCTestCase {
    /// How many times each part ran (each part writes only its own slot).
    private func runCounts(parts: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: parts)
        counts.withUnsafeMutableBufferPointer { c in
            nonisolated(unsafe) let c = c
            WorkerPool.run(parts: parts) { c[$0] += 1 }
        }
        return counts
    }

    func testEveryPartRunsExactlyOnceAtOneTwoThreeAndManyParts() {
        for parts in [0, 1, 2, 3, 5, 64, 70] {
            XCTAssertEqual(runCounts(parts: parts), [Int](repeating: 1, count: parts), "parts=\(parts)")
        }
    }

    func testManyRunsInARowEachRunEveryPartOnce() {
        var total = [Int](repeating: 0, count: 3)
        for i in 0 ..< 20_000 {
            let parts = 1 + i % 3
            let counts = runCounts(parts: parts)
            XCTAssertEqual(counts, [Int](repeating: 1, count: parts), "run \(i)")
            for p in 0 ..< parts { total[p] += counts[p] }
        }
        XCTAssertEqual(total, [20_000, 13_333, 6_666])
    }

    /// The two parts of a run on an idle pool run at the same time: each waits (up to 20 s)
    /// for the other to start, which no single thread could do.
    func testPartsRunConcurrently() {
        WorkerPool.forgetStalls()
        let started = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        var metPartner = [false, false]
        metPartner.withUnsafeMutableBufferPointer { met in
            nonisolated(unsafe) let met = met
            WorkerPool.run(parts: 2) { p in
                started[p].signal()
                met[p] = started[1 - p].wait(timeout: .now() + 20) == .success
            }
        }
        XCTAssertEqual(metPartner, [true, true])
    }

    /// A run whose caller waits for a worker far longer than it worked (a worker that lost its
    /// core mid-part, here one that sleeps) makes the pool run the next runs on the caller alone.
    func testAStallMakesTheNextRunsRunOnTheCaller() throws {
        WorkerPool.forgetStalls()
        defer { WorkerPool.forgetStalls() }
        let caller = Self.threadID()
        // The caller's part busies it for 20 µs, so an awake worker gets to the other part.
        var workerTookAPart = [false]
        let deadline = DispatchTime.now().uptimeNanoseconds + 5_000_000_000
        while !workerTookAPart[0] && DispatchTime.now().uptimeNanoseconds < deadline {
            workerTookAPart.withUnsafeMutableBufferPointer { took in
                nonisolated(unsafe) let took = took
                WorkerPool.run(parts: 2) { _ in
                    if Self.threadID() != caller {
                        took[0] = true
                        usleep(5_000)
                    } else {
                        let until = DispatchTime.now().uptimeNanoseconds + 20_000
                        while DispatchTime.now().uptimeNanoseconds < until {}
                    }
                }
            }
        }
        try XCTSkipUnless(workerTookAPart[0], "no worker thread took a part within 5 s (no second core?)")
        var onCaller = [true, true]
        onCaller.withUnsafeMutableBufferPointer { same in
            nonisolated(unsafe) let same = same
            WorkerPool.run(parts: 2) { p in same[p] = Self.threadID() == caller }
        }
        XCTAssertEqual(onCaller, [true, true])
    }

    /// A run of more parts than threads runs every part once, on at most that many threads (each
    /// part records which thread ran it); one thread means the caller alone, in order.
    func testMorePartsThanThreadsRunOnAtMostThatManyThreads() {
        WorkerPool.forgetStalls()
        for (parts, threads) in [(8, 2), (9, 3), (5, 1), (7, 2)] {
            var ranOn = [ObjectIdentifier?](repeating: nil, count: parts)
            ranOn.withUnsafeMutableBufferPointer { r in
                nonisolated(unsafe) let r = r
                WorkerPool.run(parts: parts, threads: threads) { p in
                    XCTAssertNil(r[p], "part \(p) ran twice")
                    r[p] = Self.threadID()
                    usleep(200)   // long enough that a woken worker claims some parts
                }
            }
            XCTAssertFalse(ranOn.contains(nil), "\(parts) parts on \(threads) threads: a part never ran")
            XCTAssertLessThanOrEqual(Set(ranOn.compactMap { $0 }).count, threads, "\(parts) parts on \(threads) threads")
        }
        var order: [Int] = []
        WorkerPool.run(parts: 4, threads: 1) { order.append($0) }
        XCTAssertEqual(order, [0, 1, 2, 3])
    }

    /// A run started inside a part finds the pool busy and computes its parts on the calling
    /// thread, in order, each once.
    func testNestedRunComputesItsPartsInlineOnce() {
        let outer = 3, inner = 4
        var counts = [Int](repeating: 0, count: outer * inner)
        var inline = [Bool](repeating: false, count: outer)
        counts.withUnsafeMutableBufferPointer { c in
            inline.withUnsafeMutableBufferPointer { sameThread in
                nonisolated(unsafe) let c = c, sameThread = sameThread
                WorkerPool.run(parts: outer) { o in
                    let me = Self.threadID()
                    var all = true
                    WorkerPool.run(parts: inner) { i in
                        c[o * inner + i] += 1
                        if Self.threadID() != me { all = false }
                    }
                    sameThread[o] = all
                }
            }
        }
        XCTAssertEqual(counts, [Int](repeating: 1, count: outer * inner))
        XCTAssertEqual(inline, [true, true, true])
    }

    /// Runs from several threads at once: one holds the pool, the others run inline; every
    /// part of every run still runs once.
    func testConcurrentCallersEachGetEveryPartOnce() {
        let callers = 4, runs = 500, parts = 3
        var counts = [Int](repeating: 0, count: callers * runs * parts)
        counts.withUnsafeMutableBufferPointer { c in
            nonisolated(unsafe) let c = c
            DispatchQueue.concurrentPerform(iterations: callers) { caller in
                for r in 0 ..< runs {
                    WorkerPool.run(parts: parts) { c[(caller * runs + r) * parts + $0] += 1 }
                }
            }
        }
        XCTAssertEqual(counts, [Int](repeating: 1, count: callers * runs * parts))
    }

    func testRangesCoverEveryItemOnceOnGranuleBoundaries() {
        for (count, parts, granule) in [(0, 2, 1), (1, 3, 1), (10, 3, 1), (100, 3, 16), (1000, 2, 16), (17, 5, 4)] {
            var next = 0
            for p in 0 ..< parts {
                let r = WorkerPool.range(p, of: parts, count: count, granule: granule)
                XCTAssertEqual(r.lowerBound, next, "\(count) items, part \(p) of \(parts)")
                if r.upperBound < count { XCTAssertEqual(r.upperBound % granule, 0) }
                next = r.upperBound
            }
            XCTAssertEqual(next, count)
        }
    }

    func testSmallWorkIsOnePartAndLargeWorkFollowsTheThreadCount() {
        XCTAssertEqual(WorkerPool.parts(count: 1000, work: NumericsConfig.parallelThreshold - 1), 1)
        XCTAssertEqual(WorkerPool.parts(count: 1, work: .max), 1)
        XCTAssertEqual(WorkerPool.parts(count: 10_000, work: .max, minimumPerPart: 8192), 1)
        for threads in [1, 2, 3] {
            NumericsConfig.withThreadCount(threads) {
                XCTAssertEqual(WorkerPool.parts(count: 1000, work: .max), threads)
                XCTAssertEqual(WorkerPool.parts(count: 2, work: .max), min(2, threads))
            }
        }
    }

    func testForEachRangeCoversEveryElementOnceAtOneTwoThreeThreads() {
        let old = NumericsConfig.parallelThreshold
        NumericsConfig.parallelThreshold = 0
        defer { NumericsConfig.parallelThreshold = old }
        for threads in [1, 2, 3] {
            var counts = [Int](repeating: 0, count: 1001)
            NumericsConfig.withThreadCount(threads) {
                counts.withUnsafeMutableBufferPointer { c in
                    nonisolated(unsafe) let c = c
                    WorkerPool.forEachRange(count: c.count, workPerItem: .max, granule: 16) { r in
                        for i in r { c[i] += 1 }
                    }
                }
            }
            XCTAssertEqual(counts, [Int](repeating: 1, count: 1001), "threads=\(threads)")
        }
    }

    private static func threadID() -> ObjectIdentifier {
        ObjectIdentifier(Thread.current)
    }
}
