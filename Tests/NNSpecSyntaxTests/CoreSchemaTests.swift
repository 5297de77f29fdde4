import NNSpecSyntax
import XCTest

/// Scalars resolve by the YAML 1.2 core schema, not YAML 1.1: `no` is a string, `0x10` an integer.
final class CoreSchemaTests: XCTestCase {
    func testPlainQuotedBlockAndTaggedScalarsResolveByTheCoreSchema() {
        let table: [(yaml: String, text: String, value: ScalarValue)] = [
            // YAML 1.1 booleans are strings in 1.2.
            ("no", "no", .string("no")),
            ("yes", "yes", .string("yes")),
            ("on", "on", .string("on")),
            ("off", "off", .string("off")),
            ("y", "y", .string("y")),
            ("true", "true", .bool(true)),
            ("True", "True", .bool(true)),
            ("FALSE", "FALSE", .bool(false)),
            ("tRUE", "tRUE", .string("tRUE")),
            // Null.
            ("~", "~", .null),
            ("null", "null", .null),
            ("Null", "Null", .null),
            ("NULL", "NULL", .null),
            ("", "", .null),
            ("nULL", "nULL", .string("nULL")),
            // Integers.
            ("12", "12", .int(12)),
            ("+12", "+12", .int(12)),
            ("-12", "-12", .int(-12)),
            ("012", "012", .int(12)),
            ("0x10", "0x10", .int(16)),
            ("0xfF", "0xfF", .int(255)),
            ("0o17", "0o17", .int(15)),
            ("9223372036854775807", "9223372036854775807", .int(Int.max)),
            ("-9223372036854775808", "-9223372036854775808", .int(Int.min)),
            ("0o8", "0o8", .string("0o8")),
            ("0x", "0x", .string("0x")),
            ("-0x10", "-0x10", .string("-0x10")),
            ("1_000", "1_000", .string("1_000")),
            ("12:30", "12:30", .string("12:30")),
            // Floats.
            ("1e-3", "1e-3", .float(0.001)),
            ("1e3", "1e3", .float(1000)),
            ("1.5", "1.5", .float(1.5)),
            (".5", ".5", .float(0.5)),
            ("1.", "1.", .float(1)),
            ("-2.5E+3", "-2.5E+3", .float(-2500)),
            (".inf", ".inf", .float(.infinity)),
            ("+.Inf", "+.Inf", .float(.infinity)),
            ("-.INF", "-.INF", .float(-.infinity)),
            (".nan", ".nan", .float(.nan)),
            (".NaN", ".NaN", .float(.nan)),
            ("inf", "inf", .string("inf")),
            ("nan", "nan", .string("nan")),
            ("1e", "1e", .string("1e")),
            (".", ".", .string(".")),
            ("0x1p3", "0x1p3", .string("0x1p3")),
            ("2024-01-01", "2024-01-01", .string("2024-01-01")),
            // Quoted and block scalars are always strings.
            ("\"1\"", "1", .string("1")),
            ("'true'", "true", .string("true")),
            ("\"~\"", "~", .string("~")),
            ("''", "", .string("")),
            ("|\n  12\n", "12\n", .string("12\n")),
            // Core tags coerce.
            ("!!str 12", "12", .string("12")),
            ("!!str yes", "yes", .string("yes")),
            ("!!int \"12\"", "12", .int(12)),
            ("!!int 0x10", "0x10", .int(16)),
            ("!!float 1", "1", .float(1)),
            ("!!float '.inf'", ".inf", .float(.infinity)),
            ("!!bool \"false\"", "false", .bool(false)),
            ("!!null ''", "", .null),
            ("!<tag:yaml.org,2002:int> 7", "7", .int(7)),
        ]
        for row in table {
            let yaml = "v: \(row.yaml)"
            let result = parse(yaml)
            XCTAssertEqual(result.diagnostics, [], yaml.debugDescription)
            let node = result.root?["v"]
            XCTAssertEqual(node?.scalarText, row.text, yaml.debugDescription)
            XCTAssertTrue(sameValue(node?.scalarValue, row.value),
                          "\(yaml.debugDescription): got \(String(describing: node?.scalarValue)), want \(row.value)")
        }
    }

    func testScalarsThatDoNotFitTheirFormOrTagAreErrorsAtTheScalar() {
        let table: [(yaml: String, message: String)] = [
            ("99999999999999999999", "integer out of range: 99999999999999999999"),
            ("-9223372036854775809", "integer out of range: -9223372036854775809"),
            ("0xFFFFFFFFFFFFFFFFF", "integer out of range: 0xFFFFFFFFFFFFFFFFF"),
            ("!!int 1e3", "'1e3' is not an integer, as tag !!int requires"),
            ("1e999", "number out of range: 1e999"),
            ("!!int abc", "'abc' is not an integer, as tag !!int requires"),
            ("!!int 1.5", "'1.5' is not an integer, as tag !!int requires"),
            ("!!float abc", "'abc' is not a number, as tag !!float requires"),
            ("!!bool yes", "'yes' is not a boolean (true or false), as tag !!bool requires"),
            ("!!null 0", "'0' is not null (null, ~ or nothing), as tag !!null requires"),
            ("!!map x", "tag !!map needs a mapping, but this is a scalar"),
            ("!!seq {a: 1}", "tag !!seq needs a list, but this is a mapping"),
            ("!!str [1]", "tag !!str needs a scalar, but this is a list"),
        ]
        for row in table {
            let yaml = "v: \(row.yaml)"
            guard let error = singleError(parse(yaml), yaml) else { continue }
            XCTAssertTrue(error.message.hasPrefix(row.message), "\(yaml.debugDescription): \(error.message)")
            XCTAssertEqual(error.location?.lineColumn, "1:4", yaml.debugDescription)
        }
    }
}
