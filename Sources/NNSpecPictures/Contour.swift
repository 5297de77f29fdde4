/// The level curves of a function sampled on a grid (marching squares), joined into polylines
/// so a dashed curve reads as one stroke. A crossing point belongs to a grid edge and is computed
/// once per edge, so the pieces of neighbouring cells meet exactly.
public enum Contour {
    /// - `values`: `ys.count` rows of `xs.count` samples, `values[j][i]` at `(xs[i], ys[j])`.
    /// Non-finite samples are treated as below the level.
    public static func lines(values: [[Double]], xs: [Double], ys: [Double], level: Double) -> [[Point]] {
        let nx = xs.count, ny = ys.count
        guard nx >= 2, ny >= 2, values.count == ny, values.allSatisfy({ $0.count == nx }) else { return [] }
        func above(_ i: Int, _ j: Int) -> Bool { let v = values[j][i]; return v.isFinite && v >= level }
        func t(_ a: Double, _ b: Double) -> Double {
            guard a.isFinite, b.isFinite, a != b else { return 0.5 }
            return Swift.min(Swift.max((level - a) / (b - a), 0), 1)
        }
        // Edge ids: horizontal edge (i, j)–(i+1, j) is 2·(j·nx + i), vertical (i, j)–(i, j+1) is that + 1.
        func hEdge(_ i: Int, _ j: Int) -> Int { 2 * (j * nx + i) }
        func vEdge(_ i: Int, _ j: Int) -> Int { 2 * (j * nx + i) + 1 }
        func point(_ edge: Int) -> Point {
            let cell = edge / 2, i = cell % nx, j = cell / nx
            if edge % 2 == 0 {
                let f = t(values[j][i], values[j][i + 1])
                return Point(xs[i] + f * (xs[i + 1] - xs[i]), ys[j])
            }
            let f = t(values[j][i], values[j + 1][i])
            return Point(xs[i], ys[j] + f * (ys[j + 1] - ys[j]))
        }
        var segments: [(Int, Int)] = []
        for j in 0 ..< ny - 1 {
            for i in 0 ..< nx - 1 {
                // Corners counter-clockwise from (i, j); the edges between them.
                let c = [above(i, j), above(i + 1, j), above(i + 1, j + 1), above(i, j + 1)]
                let edges = [hEdge(i, j), vEdge(i + 1, j), hEdge(i, j + 1), vEdge(i, j)]
                let crossed = (0 ..< 4).filter { c[$0] != c[($0 + 1) % 4] }.map { edges[$0] }
                if crossed.count == 2 {
                    segments.append((crossed[0], crossed[1]))
                } else if crossed.count == 4 {
                    // A saddle: decide by the centre's side, as the mean of the corners.
                    let centre = (values[j][i] + values[j][i + 1] + values[j + 1][i + 1] + values[j + 1][i]) / 4
                    if (centre >= level) == c[0] {
                        segments.append((crossed[0], crossed[1])); segments.append((crossed[2], crossed[3]))
                    } else {
                        segments.append((crossed[3], crossed[0])); segments.append((crossed[1], crossed[2]))
                    }
                }
            }
        }
        return chain(segments).map { $0.map(point) }
    }

    /// Joins segments sharing an end into chains, in a fixed order (the first unused segment
    /// starts the next chain, extended forwards then backwards).
    static func chain(_ segments: [(Int, Int)]) -> [[Int]] {
        var at: [Int: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            at[s.0, default: []].append(k)
            at[s.1, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        func next(from end: Int) -> Int? {
            guard let k = at[end]?.first(where: { !used[$0] }) else { return nil }
            used[k] = true
            return segments[k].0 == end ? segments[k].1 : segments[k].0
        }
        var chains: [[Int]] = []
        for k in segments.indices where !used[k] {
            used[k] = true
            var chain = [segments[k].0, segments[k].1]
            while let e = next(from: chain.last!) { chain.append(e) }
            var head: [Int] = []
            while let e = next(from: head.last ?? chain.first!) { head.append(e) }
            chains.append(head.reversed() + chain)
        }
        return chains
    }
}
