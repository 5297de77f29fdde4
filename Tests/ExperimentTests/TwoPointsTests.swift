import NNSpecIR
import NNSpecRuntime
import XCTest

/// Experiment 2: X = [[1, 1], [2, 2]], y = [0, 1]. Separable, so the unpenalized optimum is at
/// infinity; what converges is the direction of (w, b), with w ∝ (1, 1) and the boundary at
/// x₁ + x₂ = 3 (midway between the points' sums 2 and 4).
final class TwoPointsTests: XCTestCase {
    /// (w₁, w₂, b) of a one-unit result.
    func theta(_ r: RunResult) throws -> [Double] {
        let p = try XCTUnwrap(r.layer("logit"))
        return p.kernel + (p.bias ?? [])
    }

    /// The initial parameters of a spec: one step at learning rate 0 changes nothing, and the
    /// initializers draw exactly as in the real run.
    func start(_ name: String) throws -> [Double] {
        var spec = try Experiments.shared.load(name)
        spec.optimizer.learningRate = 0
        spec.training.length = .epochs(1)
        return try theta(Experiments.shared.run(spec))
    }

    /// L-BFGS until the gradient vanishes: w₁ = w₂ exactly (the data cannot tell them apart), the
    /// boundary −b/w at 3 (to 1%: the ratio still moves as ‖w‖ grows; measured 3.021), loss ~1e-9.
    func testConvergedBoundary() throws {
        let r = try Experiments.shared.run("two-points-logreg")
        XCTAssertEqual(r.stop, .converged)
        let t = try theta(r)
        XCTAssertEqual(t[0], t[1], "w₁ = w₂")
        XCTAssertEqual(-t[2] / t[0], 3, accuracy: 0.03, "boundary x₁ + x₂ = −b/w")
        XCTAssertGreaterThan(t[0], 10, "‖w‖ has grown large: the optimum is at infinity")
        XCTAssertLessThan(try XCTUnwrap(r.finalLoss), 1e-8)
        XCTAssertEqual(r.metric("accuracy"), 1)
    }

    /// 100 epochs of one full-batch step at lr 0.01: Σ lr = 1, so no weight can move more than
    /// max|g| ≤ mean|x_j| = 1.5 (|p − y| ≤ 1; lint's too-few-updates says the same). They move far
    /// less: 0.08 per weight, 0.2 on the bias, against a converged ‖θ‖ in the tens. Every gradient
    /// is a combination of the rows (1, 1) and (2, 2), so w₁ − w₂ never changes: the boundary
    /// keeps whatever tilt glorot_uniform drew.
    func testHundredStepsBarelyMove() throws {
        let r = try Experiments.shared.run("two-points-sgd")
        let t0 = try start("two-points-sgd"), t = try theta(r)
        XCTAssertEqual(r.steps, 100)
        let moved = zip(t, t0).map { abs($0 - $1) }
        XCTAssertLessThan(moved.max() ?? 1, 0.25, "moved \(moved) from \(t0)")
        XCTAssertEqual(t[0] - t[1], t0[0] - t0[1], accuracy: 1e-6, "w₁ − w₂ is left where it started (float32 rounding only)")
        XCTAssertEqual(r.metric("accuracy"), 0.5, "one point still on the wrong side")
        let logreg = try theta(Experiments.shared.run("two-points-logreg"))
        let distance = zip(t, t0).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let converged = logreg.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertLessThan(distance, converged / 100, "moved \(distance); the converged ‖θ‖ is \(converged)")
        XCTAssertGreaterThan(angle(t, logreg), 45, "still far from the converged direction")
    }

    /// 5000 epochs: w₁ − w₂ is still the initial tilt, but w₁ + w₂ and b have grown, so the
    /// direction of (w, b) is within 5° of the converged one (measured 4.6°; 51° after 100 epochs,
    /// 69° at the start).
    func testFiveThousandEpochsApproachTheDirection() throws {
        let long = try theta(Experiments.shared.run("two-points-sgd-5000"))
        let short = try theta(Experiments.shared.run("two-points-sgd"))
        let logreg = try theta(Experiments.shared.run("two-points-logreg"))
        let t0 = try start("two-points-sgd-5000")
        XCTAssertLessThan(angle(long, logreg), 5)
        XCTAssertLessThan(angle(long, logreg), angle(short, logreg) / 5)
        XCTAssertEqual(long[0] - long[1], t0[0] - t0[1], accuracy: 1e-5)
        XCTAssertEqual(try Experiments.shared.run("two-points-sgd-5000").metric("accuracy"), 1)
    }
}
