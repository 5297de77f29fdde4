/// Float64 sums in the order NumPy adds, so means and variances match it bit for bit.
///
/// `np.add.reduce` starts from the identity 0.0. When the reduced axis is the innermost loop
/// (a 1-D array, or `sum(axis=0)` of a single column) the inner loop is `pairwise_sum` from
/// numpy/_core/src/umath/loops_utils.h.src: below 8 elements a plain loop; up to 128 eight
/// interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the tail;
/// above, the halves (split at a multiple of 8) summed recursively. For `sum(axis=0)` of a
/// C-order matrix with several columns the iterator puts the columns innermost, so each column
/// is a plain running sum over the rows in order. (Checked against NumPy 2.4 in
/// parity/data_fixtures.py.)
public enum NumPySum {
    /// `np.sum` of `count` values `stride` apart.
    public static func sum(_ p: UnsafePointer<Double>, count: Int, stride: Int = 1) -> Double {
        0.0 + pairwise(p, count, stride)
    }

    public static func sum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return 0 }
            return sum(base, count: b.count)
        }
    }

    static func pairwise(_ a: UnsafePointer<Double>, _ n: Int, _ stride: Int) -> Double {
        if n < 8 {
            var res = 0.0
            for i in 0..<n { res += a[i * stride] }
            return res
        } else if n <= 128 {
            var r0 = a[0], r1 = a[stride], r2 = a[2 * stride], r3 = a[3 * stride]
            var r4 = a[4 * stride], r5 = a[5 * stride], r6 = a[6 * stride], r7 = a[7 * stride]
            var i = 8
            let end = n - n % 8
            while i < end {
                r0 += a[i * stride]
                r1 += a[(i + 1) * stride]
                r2 += a[(i + 2) * stride]
                r3 += a[(i + 3) * stride]
                r4 += a[(i + 4) * stride]
                r5 += a[(i + 5) * stride]
                r6 += a[(i + 6) * stride]
                r7 += a[(i + 7) * stride]
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n {
                res += a[i * stride]
                i += 1
            }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwise(a, n2, stride) + pairwise(a + n2 * stride, n - n2, stride)
        }
    }

    /// `np.sum(x, axis=0)` of a C-order array: per column for a matrix, one value for a vector
    /// (a vector counts as a single column).
    public static func columnSums(_ x: DataArray) -> [Double] {
        let rows = x.rows, cols = x.columns
        return x.values.withUnsafeBufferPointer { v -> [Double] in
            guard let base = v.baseAddress else { return [Double](repeating: 0, count: cols) }
            if cols == 1 { return [sum(base, count: rows)] }
            var out = [Double](repeating: 0.0, count: cols)
            for r in 0..<rows {
                for c in 0..<cols { out[c] += base[r * cols + c] }
            }
            return out
        }
    }
}
