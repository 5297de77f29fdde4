import Foundation
import NNSpecCommands
import NNSpecDiff
import NNSpecIR
import NNSpecPlan
import XCTest

/// What a logged loss means is the plan's `LoggedLoss`: diff's "logged history" line shows its
/// words and appears exactly when two of them disagree.
final class LoggedLossTests: XCTestCase {
    func spec(_ convention: String, dtype: String? = nil, log: String? = nil) throws -> Spec {
        let text = smallSpec(convention: convention, dtype: dtype,
                             training: "{epochs: 5, batch_size: 2, shuffle: false\(log.map { ", log: \($0)" } ?? "")}")
        let result = SpecPipeline.load(text: text, file: "\(convention).yaml")
        return try XCTUnwrap(result.spec, "\(result.diagnostics)")
    }

    func testEachModeHasItsWords() throws {
        XCTAssertEqual(LoggedLoss(try spec("keras")).text, "Keras fit's mean of the batch losses, every epoch")
        XCTAssertEqual(LoggedLoss(try spec("sklearn")).text, "scikit-learn's Σ batch_loss·batch_n / n, every epoch")
        XCTAssertEqual(LoggedLoss(try spec("torch")).text, "PyTorch's running_loss / batches (unweighted), every epoch")
        XCTAssertEqual(LoggedLoss(try spec("numpy")).text, "the loss on all training data, every epoch")
        XCTAssertEqual(LoggedLoss(try spec("keras", log: "{mode: batch, unit: step, every: 10}")).text, "the last batch's loss, every 10 steps")
    }

    func testDiffNamesAHistoryByItsLoggedLoss() throws {
        func line(_ a: Spec, _ b: Spec) -> SemanticDiff.Line? {
            SemanticDiff.compare(a, b).lines.first { $0.about.quantity == "logging" }
        }
        let keras = try spec("keras", dtype: "float64", log: "{mode: fit_mean}")
        let sklearn = try spec("keras", dtype: "float64", log: "{mode: sklearn_epoch}")
        // One quantity under two names, in the same arithmetic: nothing to report.
        XCTAssertTrue(LoggedLoss(keras).agrees(with: LoggedLoss(sklearn)))
        XCTAssertNil(line(keras, sklearn))
        // In float32 Keras rounds the running mean in the run's dtype.
        let keras32 = try spec("keras", dtype: "float32", log: "{mode: fit_mean}")
        let rounded = try XCTUnwrap(line(keras32, sklearn))
        XCTAssertEqual(rounded.a, LoggedLoss(keras32).text)
        XCTAssertEqual(rounded.b, LoggedLoss(sklearn).text)
        XCTAssertEqual(rounded.note, "the same quantity, rounded in the run's dtype vs float64")
        // PyTorch's unweighted mean is another quantity.
        let torch = try spec("keras", dtype: "float64", log: "{mode: batch_mean}")
        XCTAssertFalse(LoggedLoss(keras).agrees(with: LoggedLoss(torch)))
        XCTAssertEqual(try XCTUnwrap(line(keras, torch)).note, "what is logged, not how it trains")
        // The same mode logged less often.
        let sparse = try spec("keras", dtype: "float64", log: "{mode: fit_mean, every: 2}")
        XCTAssertEqual(try XCTUnwrap(line(keras, sparse)).b, "Keras fit's mean of the batch losses, every 2 epochs")
    }
}
