import Foundation
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import XCTest

/// Nothing a spec or a file contains may trap: every problem is an error value.
final class RobustnessTests: XCTestCase {
    func testMalformedExpressionsBuiltInCodeAreErrorsNotTraps() {
        let M = ArrayExpr(.literal(values: [1, 2, 3, 4], shape: [2, 2]), at: nil)
        let rows: [(ArrayExpr.Kind, String)] = [
            (.literal(values: [1, 2, 3], shape: [2, 2]), "literal of shape (2, 2) has 3 values"),
            (.literal(values: [1], shape: [1, 1, 1]), "literal arrays have at most 2 dimensions, this one has shape (1, 1, 1)"),
            (.column(M, index: -1, keepdims: true), "column index -1 is out of range for shape (2, 2) (2 columns)"),
            (.columns(M, indices: [0, 5]), "column index 5 is out of range for shape (2, 2) (2 columns)"),
            (.concat([M, M], axis: -1), "concat along axis -1 needs 2-D arrays, but part 0 has shape (2, 2)"),
            (.concat([], axis: 0), "concat needs at least one array"),
            (.repeatRows(M, times: Int.max), "repeat of shape (9223372036854775807, 2) is too large"),
            (.rand(shape: [-3]), "rand has a negative dimension in shape (-3,)"),
            (.rand(shape: [1_000_000, 1_000_000]), "rand of shape (1000000, 1000000) is too large"),
            (.reshape(M, shape: [-1, -1]), "reshape can infer only one dimension, got 2 entries of -1"),
            (.reshape(M, shape: [0, 4]), "reshape dimensions must be positive (or one -1), got 0"),
            (.randint(shape: [2], low: 5, high: 5), "randint needs high > low, got low 5 and high 5"),
            (.linspace(start: 0, stop: 1, num: 0, endpoint: true), "linspace needs num ≥ 1, got 0"),
            (.arange(start: 0, stop: 1, step: -1), "arange(0.0, 1.0, -1.0) is empty"),
            (.arange(start: 0, stop: .infinity, step: 1), "arange(0.0, inf, 1.0): cannot compute the length"),
            (.ref("nowhere"), "array 'nowhere' is not defined before this use"),
        ]
        for (kind, message) in rows {
            var evaluator = Evaluator(seed: 0, specFile: "spec.yaml")
            XCTAssertThrowsError(try evaluator.evaluate(ArrayExpr(kind, at: nil)), message) { error in
                XCTAssertEqual((error as! DataError).diagnostics.map(\.message), [message])
            }
            XCTAssertThrowsError(try ShapeInference(specFile: "spec.yaml").infer(ArrayExpr(kind, at: nil)), message) { error in
                XCTAssertEqual((error as! DataError).diagnostics.map(\.message), [message], "ShapeInference")
            }
        }
    }

    /// Thousands of damaged copies (bytes flipped, cut short, garbage appended) of a gzip IDX
    /// file and an .npy file: each either loads or throws a FileError; none traps.
    func testDamagedFilesNeverTrap() throws {
        let dir = temporaryDirectory(self)
        let sources = [
            repositoryRoot.appendingPathComponent("data/mnist/t10k-labels-idx1-ubyte.gz").path,
            Fixtures.npy("float64_4x3.npy"),
            Fixtures.npy("uint8_5.npy"),
        ]
        var rs = RandomState(seed: 2024)
        var outcomes = (loaded: 0, refused: 0)
        for source in sources {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
            for trial in 0..<300 {
                var bytes = original
                switch trial % 3 {
                case 0:
                    for _ in 0...rs.randint(low: 0, high: 3) {
                        let i = rs.randint(low: 0, high: bytes.count)
                        bytes[i] ^= UInt8(rs.randint(low: 1, high: 256))
                    }
                case 1:
                    bytes = Array(bytes.prefix(rs.randint(low: 0, high: bytes.count)))
                default:
                    bytes += (0..<rs.randint(low: 1, high: 40)).map { _ in UInt8(rs.randint(low: 0, high: 256)) }
                }
                let path = dir.appendingPathComponent("damaged").path
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                for read in [{ try IDXReader.read(path: path) }, { try NPYReader.read(path: path) },
                             { try IDXReader.readHeader(path: path) }, { try NPYReader.readHeader(path: path) }] as [() throws -> Any] {
                    do {
                        _ = try read()
                        outcomes.loaded += 1
                    } catch is FileError {
                        outcomes.refused += 1
                    } catch {
                        XCTFail("unexpected error type \(error)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(outcomes.refused, 0)
    }
}
