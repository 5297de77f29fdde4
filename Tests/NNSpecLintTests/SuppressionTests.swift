import NNSpecLint
import NNSpecSyntax
import XCTest

/// `lint: {disable: [...]}` switches a rule off for a spec; `# nnspec-lint: disable=ID` for the
/// finding on its line or the line below.
final class SuppressionTests: XCTestCase {
    /// Symmetric init on line 7 (the kernel_initializer) and too-few-updates on line 10.
    func spec(line7Comment: String = "", line6: String = "", line10Comment: String = "", lint: String = "") -> String {
        """
        convention: numpy
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:\(line6)
          layers:
            - {units: 4, activation: tanh, kernel_initializer: zeros}\(line7Comment)
            - {units: 1}
        loss: mse
        training: {epochs: 1}\(line10Comment)
        \(lint)
        """
    }

    func testBothRulesFireWithoutSuppression() throws {
        let ids = try lint(spec(), in: self).diagnostics.ids
        XCTAssert(ids.contains("symmetric-init"), "\(ids)")
        XCTAssert(ids.contains("too-few-updates"), "\(ids)")
    }

    func testSpecLevelDisableSilencesOnlyTheNamedRule() throws {
        let ids = try lint(spec(lint: "lint: {disable: [symmetric-init]}"), in: self).diagnostics.ids
        XCTAssertFalse(ids.contains("symmetric-init"))
        XCTAssert(ids.contains("too-few-updates"))
    }

    func testCommentOnTheFindingsLineSilencesIt() throws {
        let ids = try lint(spec(line7Comment: "  # nnspec-lint: disable=symmetric-init"), in: self).diagnostics.ids
        XCTAssertFalse(ids.contains("symmetric-init"))
        XCTAssert(ids.contains("too-few-updates"))
    }

    func testCommentOnTheLineAboveSilencesIt() throws {
        let text = spec().replacingOccurrences(of: "  layers:\n", with: "  layers:\n    # nnspec-lint: disable=symmetric-init\n")
        let ids = try lint(text, in: self).diagnostics.ids
        XCTAssertFalse(ids.contains("symmetric-init"))
    }

    func testCommentTwoLinesAboveDoesNotSilence() throws {
        let ids = try lint(spec(line6: "  # nnspec-lint: disable=symmetric-init"), in: self).diagnostics.ids
        XCTAssert(ids.contains("symmetric-init"), "\(ids)")
    }

    func testCommentNamesSeveralIdsOrAll() throws {
        let several = try lint(spec(line10Comment: "  # nnspec-lint: disable=symmetric-init,too-few-updates"), in: self).diagnostics.ids
        XCTAssertFalse(several.contains("too-few-updates"))
        let all = try lint(spec(line10Comment: "  # nnspec-lint: disable=all"), in: self).diagnostics.ids
        XCTAssertFalse(all.contains("too-few-updates"))
        XCTAssert(all.contains("symmetric-init"), "a comment covers its own line only")
    }

    func testCommentForAnotherRuleSilencesNothing() throws {
        let ids = try lint(spec(line7Comment: "  # nnspec-lint: disable=too-few-updates"), in: self).diagnostics.ids
        XCTAssert(ids.contains("symmetric-init"))
    }

    func testMarkerTextOutsideACommentIsIgnored() throws {
        let text = spec().replacingOccurrences(of: "convention: numpy", with: "convention: numpy\ndescription: \"nnspec-lint: disable=symmetric-init\"")
        let ids = try lint(text, in: self).diagnostics.ids
        XCTAssert(ids.contains("symmetric-init"))
    }

    func testFrontEndErrorsCannotBeDisabled() throws {
        let text = spec(lint: "lint: {disable: [symmetric-init]}").replacingOccurrences(of: "units: 1}", with: "units: 0}")
        let found = try lint(text, in: self).diagnostics
        XCTAssert(found.contains { $0.id == "spec-range" && $0.severity == .error }, "\(found)")
    }
}
