// Two data arrays compared: what `nnspec diff` reports of two data sections and what
// mirror-data finds in one, decided once.

/// How two arrays differ: in shape, or in the largest absolute difference of a value.
public enum ArrayDifference: Sendable, Equatable {
    case shape(here: String, there: String)
    case values(largest: Double, row: Int, column: Int, here: Double, there: Double)

    /// nil when the arrays have the same rows and columns and agree to 1e-12 relative (a (n,)
    /// vector and an (n, 1) column with the same values agree).
    public static func between(_ x: DataArray, _ y: DataArray) -> ArrayDifference? {
        func shape(_ a: DataArray) -> String { "\(a.rows) × \(a.columns)" }
        guard x.rows == y.rows, x.columns == y.columns else { return .shape(here: shape(x), there: shape(y)) }
        let vx = x.values, vy = y.values
        // Specs that share a data section share its storage: equal at once.
        if vx == vy { return nil }
        var worst = 0.0, at = 0
        vx.withUnsafeBufferPointer { px in
            vy.withUnsafeBufferPointer { py in
                for i in 0..<px.count {
                    let d = px[i].isNaN != py[i].isNaN ? Double.infinity : Swift.abs(px[i] - py[i])
                    if d > worst { worst = d; at = i }
                }
            }
        }
        guard worst > 1e-12 * max(1, Swift.abs(vy[at])) else { return nil }
        let c = max(x.columns, 1)
        return .values(largest: worst, row: at / c, column: at % c, here: vx[at], there: vy[at])
    }
}
