import NNSpecLint
import NNSpecSyntax
import XCTest

/// keep-prob-read-as-rate: a dropout dropping more than half, when the number written reads as the
/// other quantity; never two fix-its' guess applied by `--fix` without a person.
final class KeepProbReadAsRateTests: XCTestCase {
    func spec(_ convention: String, _ dropout: String) -> String {
        """
        convention: \(convention)
        data: {inputs: {rand: [40, 2]}, targets: {randint: {shape: [40, 1], low: 0, high: 2}}}
        model:
          layers:
            - {units: 8, activation: tanh}
            - {name: drop, type: dropout, \(dropout)}
            - {units: 1, activation: sigmoid}
        loss: binary_crossentropy
        """
    }

    func finding(_ convention: String, _ dropout: String) throws -> Diagnostic? {
        try lint(spec(convention, dropout), in: self, name: "\(convention)\(dropout)").diagnostics.with(id: "keep-prob-read-as-rate").first
    }

    func testATF1RateAboveOneHalfReadsAsItsKeepProb() throws {
        let d = try XCTUnwrap(try finding("tf1", "rate: 0.8"))
        XCTAssertEqual(d.message, "layer 'drop' drops 0.8 of its inputs (rate 0.8), but convention tf1's dropout takes keep_prob, the fraction kept: read as keep_prob, 0.8 would keep 80 % and drop 20 %")
        XCTAssertEqual(d.location?.lineColumn, "6:41")
        XCTAssertEqual(d.fixIts.map(\.replacement), ["rate: 0.2", nil])
        XCTAssertNotNil(d.fixIts[0].edit, "the swapped value is an exact edit")
        XCTAssertEqual(d.fixIts.count, 2, "two readings: --fix leaves the choice to a person")
    }

    func testAKeepProbBelowOneHalfReadsAsARateInAnyConvention() throws {
        for convention in ["keras", "torch", "tf1"] {
            let d = try XCTUnwrap(try finding(convention, "keep_prob: 0.2"), convention)
            XCTAssertEqual(d.message, "layer 'drop' keeps only 0.2 of its inputs (keep_prob 0.2, rate 0.8): written as Keras' or PyTorch's rate, 0.2 would drop 20 % and keep 80 %")
            XCTAssertEqual(d.fixIts.first?.replacement, "keep_prob: 0.8")
        }
    }

    func testUsualValuesAndTheFrameworksOwnWordAreQuiet() throws {
        XCTAssertNil(try finding("tf1", "keep_prob: 0.5"), "keeps half: both readings agree")
        XCTAssertNil(try finding("tf1", "rate: 0.5"))
        XCTAssertNil(try finding("tf1", "keep_prob: 0.7"))
        XCTAssertNil(try finding("tf1", "rate: 0.3"))
        XCTAssertNil(try finding("keras", "rate: 0.8"), "Keras' Dropout takes a rate: 0.8 means 0.8")
        XCTAssertNil(try finding("torch", "rate: 0.9"))
    }
}
