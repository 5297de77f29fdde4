import NNSpecIR
@testable import NNSpecLint
import NNSpecPlan
import XCTest

final class SeparabilityTests: XCTestCase {
    func decide(_ x: [[Double]], _ y: [Double], bias: Bool = true) -> Separability.Verdict? {
        Separability.decide(inputs: x.flatMap { $0 }, columns: x[0].count, labels: y, bias: bias)
    }

    func testTwoPointsAreSeparable() {
        XCTAssertEqual(decide([[1, 1], [2, 2]], [0, 1]), .separable)
    }

    func testXORIsNotLinearlySeparable() {
        XCTAssertEqual(decide([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]), .notSeparable)
    }

    func testABumpOnALineIsNotSeparable() {
        let x = (0..<30).map { [Double($0)] }
        let y = (0..<30).map { $0 >= 10 && $0 < 20 ? 1.0 : 0.0 }
        XCTAssertEqual(decide(x, y), .notSeparable)
    }

    func testConflictingDuplicatesAreNotSeparable() {
        XCTAssertEqual(decide([[1, 2], [1, 2], [3, 4]], [0, 1, 1]), .notSeparable)
    }

    func testOneClassIsSeparableWithABias() {
        XCTAssertEqual(decide([[1], [2], [3]], [1, 1, 1]), .separable)
    }

    func testWithoutBiasTheSeparatorGoesThroughTheOrigin() {
        // 1 and 2 on a line through the origin cannot be split by w·x alone.
        XCTAssertEqual(decide([[1], [2]], [0, 1], bias: false), .notSeparable)
        XCTAssertEqual(decide([[-1], [2]], [0, 1], bias: false), .separable)
    }

    func testSoftTargetsAreNotBinary() {
        XCTAssertEqual(decide([[1], [2]], [0.2, 0.9]), .notBinary)
    }

    func testManyPointsInSeveralDimensions() {
        // Separable by x0 + x1 > 0 (with a margin), in four dimensions.
        var x: [[Double]] = [], y: [Double] = []
        for i in 0..<200 {
            let a = Double((i * 37) % 101) / 50 - 1, b = Double((i * 53) % 97) / 48 - 1
            let c = Double((i * 11) % 89) / 44 - 1, d = Double((i * 7) % 83) / 41 - 1
            guard Swift.abs(a + b) > 0.05 else { continue }
            x.append([a, b, c, d]); y.append(a + b > 0 ? 1 : 0)
        }
        XCTAssertEqual(decide(x, y), .separable)
        y[0] = 1 - y[0]
        XCTAssertEqual(decide(x, y), .notSeparable, "one flipped label inside the other class's hull")
    }
}

final class SemanticsTests: XCTestCase {
    func loss(_ kind: LossKind, _ c: Convention) -> LossSpec { LossSpec.preset(kind, c, dtype: .float64) }

    func testLossGradientFactorsFollowTheConventions() {
        XCTAssertEqual(loss(.mse, .keras).gradientFactor(outputs: 1), 2)
        XCTAssertEqual(loss(.mse, .keras).gradientFactor(outputs: 10), 0.2, accuracy: 1e-15)
        XCTAssertEqual(loss(.mse, .sklearn).gradientFactor(outputs: 1), 1)
        XCTAssertEqual(loss(.mse, .sklearn).gradientFactor(outputs: 10), 1, "scikit-learn's delta is p − y: not divided by k")
        XCTAssertEqual(loss(.mse, .numpy).gradientFactor(outputs: 10), 0.2, accuracy: 1e-15)
        XCTAssertEqual(loss(.binaryCrossentropy, .keras).gradientFactor(outputs: 2), 0.5)
        XCTAssertEqual(loss(.binaryCrossentropy, .sklearn).gradientFactor(outputs: 2), 1)
        XCTAssertEqual(loss(.categoricalCrossentropy, .keras).gradientFactor(outputs: 10), 1)
        XCTAssertEqual(loss(.mse, .keras).gradientFormula(outputs: 1), "2(p−y)/(n·k)")
        XCTAssertEqual(loss(.mse, .sklearn).gradientFormula(outputs: 1), "(p−y)/n")
    }

    func testInitializerBoundsPerConvention() {
        func bound(_ i: Initializer, _ fi: Int, _ fo: Int) -> Double? { InitDistribution(i, fans: Fans(fi, fo), layerFans: Fans(fi, fo)).scale }
        XCTAssertEqual(bound(.glorotUniform, 1, 10)!, (6.0 / 11).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(bound(.sklearn(factor: 2), 1, 10)!, (2.0 / 11).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(bound(.torchLinear, 784, 30)!, 1 / 28, accuracy: 1e-15)
        XCTAssertEqual(bound(.heUniform, 6, 1)!, 1, accuracy: 1e-15)
        XCTAssertEqual(InitDistribution(.glorotNormal, fans: Fans(3, 1), layerFans: Fans(3, 1)).variance, 0.5, accuracy: 1e-12,
                       "the truncated draws have the intended variance 2/(fan_in+fan_out)")
        XCTAssertEqual(InitDistribution(.zeros, fans: Fans(3, 1), layerFans: Fans(3, 1)), .constant(0))
    }

    func testStabilityLimits() {
        var o = OptimizerSpec.preset(.sgd, .keras)
        XCTAssertEqual(Curvature.limit(o)?.value, 2)
        o.momentum = 0.9
        XCTAssertEqual(Curvature.limit(o)!.value, 3.8, accuracy: 1e-12)
        o.nesterov = true
        XCTAssertEqual(Curvature.limit(o)!.value, 3.8 / 2.8, accuracy: 1e-12)
        XCTAssertNil(Curvature.limit(OptimizerSpec.preset(.adam, .keras)))
    }

    func testSecondMomentOfTheData() {
        // Rows [1, 1] and [2, 2] with a bias column: E[x̃x̃ᵀ] has eigenvalues (6 ± √34)/2 and 0.
        let l = Curvature.secondMomentMax([1, 1, 2, 2], columns: 2, bias: true)
        XCTAssertEqual(l, (6 + 34.0.squareRoot()) / 2, accuracy: 1e-9)
    }

    func testActivationMoments() {
        let (m, q) = Curvature.moments(.relu, mean: 0, variance: 4, units: 1)
        XCTAssertEqual(m, 2 / (2 * Double.pi).squareRoot(), accuracy: 1e-3)
        XCTAssertEqual(q, 2, accuracy: 1e-3)
        let (s, s2) = Curvature.moments(.sigmoid, mean: 0, variance: 0, units: 1)
        XCTAssertEqual(s, 0.5)
        XCTAssertEqual(s2, 0.25)
    }

    func testInputStatisticsPerFeatureAndPerRow() {
        let st = InputStatistics(values: [1, -2, 3, 4, .nan, 0], columns: 2)
        XCTAssertEqual(st.rows, 3)
        XCTAssertEqual(st.mean, [4.0 / 3, 2.0 / 3])
        XCTAssertEqual(st.rms[0], (10.0 / 3).squareRoot(), accuracy: 1e-12, "the NaN counts as a row but adds nothing")
        XCTAssertEqual(st.minimum, [1, -2])
        XCTAssertEqual(st.maximum, [3, 4])
        XCTAssertEqual(st.meanAbs, [4.0 / 3, 2])
        XCTAssertEqual(st.nonFinite, 1)
        XCTAssertEqual(st.sumMean, (-1 + 7 + 0) / 3, accuracy: 1e-12, "row sums skip non-finite entries")
    }

    func testNumbersPrintToThreeSignificantDigits() {
        XCTAssertEqual(Num.g(200), "200")
        XCTAssertEqual(Num.g(0.0025), "0.0025")
        XCTAssertEqual(Num.g(1.0 / 3), "0.333")
        XCTAssertEqual(Num.g(1234.5), "1230")
        XCTAssertEqual(Num.g(1.5e-5), "1.5e-05")
        XCTAssertEqual(Num.g(6.16e-5), "6.16e-05")
        XCTAssertEqual(Num.g(1e8), "1e08")
        XCTAssertEqual(Num.factor(0.5), "0.5×")
        XCTAssertEqual(Num.count(1, "update"), "1 update")
        XCTAssertEqual(Num.count(4, "batch", plural: "batches"), "4 batches")
    }
}
