import NNSpecIR
import NNSpecRuntime
import XCTest

/// Experiment 1: scikit-learn's MLPRegressor(alpha) against Keras with a hand-written L2.
/// Held-out R² (test part of train_test_split) is the measure the question compared.
final class MLPL2Tests: XCTestCase {
    static let names = [
        "mlp-l2-sklearn-alpha0", "mlp-l2-keras-alpha0",
        "mlp-l2-sklearn", "mlp-l2-keras-first-layer", "mlp-l2-keras-all-layers", "mlp-l2-keras-matched",
        "mlp-l2-keras-relu", "mlp-l2-keras-softplus", "mlp-l2-sklearn-relu",
    ]

    /// All nine runs once, shared by the tests of this class.
    nonisolated(unsafe) static var cached: [String: RunResult]?
    func results() throws -> [String: RunResult] {
        if let c = Self.cached { return c }
        let r = try Experiments.shared.runAll(Self.names)
        Self.cached = r
        return r
    }

    func r2(_ name: String) throws -> Double { try XCTUnwrap(results()[name]?.metric("r2"), name) }

    /// α = 0: the two fits agree on held-out R². They cannot agree step by step: Keras starts from
    /// glorot_uniform kernels and zero biases, scikit-learn from U(±√(2/(fan_in+fan_out))) for both;
    /// Keras computes in float32, shuffles with its own permutation and has a data gradient 2× as
    /// large (no 0.5 in its mse); scikit-learn stops by its tol rule after 126 epochs, Keras runs 200.
    /// What they share is the model and the data, so they agree in what they fit. 0.02 is 2% of
    /// the target's variance (measured: 0.0023); it is 5× smaller than the gap the penalty opens
    /// for Keras "1" below, so "agree" and "much worse" cannot be confused.
    func testAlphaZeroFitsAgree() throws {
        let sk = try r2("mlp-l2-sklearn-alpha0"), keras = try r2("mlp-l2-keras-alpha0")
        XCTAssertClose(keras, sk, abs: 0.02, "held-out R² at alpha = 0")
        // Both actually fit: a linear model reaches about 0.89 on these data.
        XCTAssertGreaterThan(sk, 0.88)
        XCTAssertGreaterThan(keras, 0.88)
        let skRun = try XCTUnwrap(results()["mlp-l2-sklearn-alpha0"])
        XCTAssertEqual(skRun.stop, .earlyStopping, "scikit-learn's tol = 1e-4, n_iter_no_change = 10 ends it early")
        XCTAssertEqual(try XCTUnwrap(results()["mlp-l2-keras-alpha0"]).epochs, 200)
    }

    /// α = 1: scikit-learn barely notices its penalty (α/n·W = 0.005·W per step), Keras "1" loses
    /// a tenth of the explained variance and Keras "2" explains nothing (it predicts the mean).
    func testAlphaOneKerasIsMuchWorse() throws {
        let sk = try r2("mlp-l2-sklearn"), sk0 = try r2("mlp-l2-sklearn-alpha0")
        let first = try r2("mlp-l2-keras-first-layer"), all = try r2("mlp-l2-keras-all-layers")
        XCTAssertClose(sk, sk0, abs: 0.01, "alpha = 1 divided by the batch of 200 is a mild penalty")
        // "Much worse": beyond the 0.02 agreement tolerance by a wide margin.
        XCTAssertGreaterThan(sk - first, 0.05, "Keras 1 (first kernel only): \(first) against \(sk)")
        XCTAssertGreaterThan(sk - all, 0.5, "Keras 2 (both kernels): \(all) against \(sk)")
        XCTAssertEqual(all, 0, accuracy: 0.01, "Keras 2 shrinks every kernel to ~0 and predicts the mean")
        XCTAssertLessThan(first, sk0 - 0.05, "and Keras 1 is also worse than the unpenalized fit")
        let w = try XCTUnwrap(results()["mlp-l2-keras-all-layers"]?.layer("hidden")).kernel
        XCTAssertLessThan(w.map(abs).max() ?? 1, 0.01, "Keras 2's hidden kernel ends near 0")
    }

    /// The matched spec (0.5·mse, half_l2 = α/200 on both kernels, scikit-learn's init and shuffle,
    /// float64, the same stopping rule) follows scikit-learn step by step. The only difference left
    /// is Keras' float32 cast of momentum (0.9 → 0.8999999761581421, relative 2.6e-8), so the
    /// tolerances are a few times what a 2.6e-8 perturbation grows to over 1905 steps: measured
    /// 3.7e-7 on the loss history, 3.8e-8 on the parameters, 5e-9 on R².
    func testMatchedFollowsScikitLearn() throws {
        let sk = try XCTUnwrap(results()["mlp-l2-sklearn"]), matched = try XCTUnwrap(results()["mlp-l2-keras-matched"])
        XCTAssertEqual(matched.epochs, sk.epochs)
        XCTAssertEqual(matched.stop, sk.stop)
        XCTAssertEqual(matched.losses.count, sk.losses.count)
        for (a, b) in zip(matched.losses, sk.losses) { XCTAssertClose(a, b, rel: 2e-6) }
        for (a, b) in zip(matched.flatParameters, sk.flatParameters) { XCTAssertClose(a, b, abs: 2e-7) }
        XCTAssertClose(try r2("mlp-l2-keras-matched"), try r2("mlp-l2-sklearn"), abs: 1e-7)
        // Much closer than the alpha = 0 pair, which only agree in what they fit.
        XCTAssertLessThan(abs(try r2("mlp-l2-keras-matched") - (try r2("mlp-l2-sklearn"))) * 1000,
                          abs(try r2("mlp-l2-keras-alpha0") - (try r2("mlp-l2-sklearn-alpha0"))))
    }

    /// Without the float32 momentum cast the matched spec is scikit-learn to rounding: this is what
    /// shows that the cast is the whole remaining difference.
    func testMatchedWithExactMomentumIsScikitLearnToRounding() throws {
        var spec = try Experiments.shared.load("mlp-l2-keras-matched")
        spec.optimizer.hyperparameterDtype = nil
        let exact = try Experiments.shared.run(spec)
        let sk = try XCTUnwrap(results()["mlp-l2-sklearn"])
        XCTAssertEqual(exact.epochs, sk.epochs)
        for (a, b) in zip(exact.losses, sk.losses) { XCTAssertClose(a, b, rel: 1e-12) }
        for (a, b) in zip(exact.flatParameters, sk.flatParameters) { XCTAssertClose(a, b, abs: 1e-12) }
    }

    /// The question saw NaN with relu/softplus hidden units in Keras. On these (standardized) data
    /// nnspec's runs stay finite: lr·α = 0.001 per step is far from unstable. What the 200× penalty
    /// does instead depends on the activation's slope at 0 (see docs/experiments.md): softplus
    /// (slope ½) ends like the sigmoid (¼): R² ≈ 0; relu (slope 1) keeps part of the signal.
    func testUnboundedHiddenUnitsStayFinite() throws {
        for name in ["mlp-l2-keras-relu", "mlp-l2-keras-softplus", "mlp-l2-sklearn-relu"] {
            let r = try XCTUnwrap(results()[name])
            XCTAssertEqual(r.status, .completed, name)
            XCTAssertNil(r.divergence, name)
            XCTAssert(r.flatParameters.allSatisfy(\.isFinite), name)
        }
        let relu = try r2("mlp-l2-keras-relu"), softplus = try r2("mlp-l2-keras-softplus")
        let skRelu = try r2("mlp-l2-sklearn-relu")
        XCTAssertEqual(softplus, 0, accuracy: 0.01)
        XCTAssert((0.3 ... 0.7).contains(relu), "relu Keras 2: \(relu)")
        XCTAssertGreaterThan(skRelu, 0.85)
        XCTAssertGreaterThan(skRelu - relu, 0.2, "scikit-learn relu is still far better")
    }

    /// The α = 0 pair needs enough updates to level off; the base spec's 4000 rows give 3000
    /// training rows, 15 full batches per epoch. The training loss of both has stopped moving.
    func testAlphaZeroRunsHaveLevelledOff() throws {
        for name in ["mlp-l2-sklearn-alpha0", "mlp-l2-keras-alpha0"] {
            let r2s = try XCTUnwrap(results()[name]).historyMetric("val_r2").compactMap { $0 }
            let last = try XCTUnwrap(r2s.last)
            XCTAssertClose(last, r2s[r2s.count - 11], abs: 0.01, "\(name): held-out R² over the last 10 epochs")
        }
    }
}
