// RandomState: NumPy's legacy `numpy.random.RandomState`, bit for bit.
//
// Every method below reproduces the draw sequence of the NumPy routine named in
// its documentation (numpy/random/mtrand.pyx, _bounded_integers.pyx.in,
// src/distributions/distributions.c, src/legacy/legacy-distributions.c), so a
// `RandomState(seed: s)` here and `np.random.RandomState(s)` there produce the
// same numbers call for call, as long as the same calls are made in the same
// order. Parity is proven by Tests/NNSpecNumericsTests/RandomStateTests.swift
// against parity/numpy_random.py's fixture.
//
// What scikit-learn draws from it (verified in scikit-learn's source):
// - MLPClassifier/MLPRegressor `_init_coef`: `uniform(-b, b, (fan_in, fan_out))`
//   for the weights, then `uniform(-b, b, fan_out)` for the intercepts, per
//   layer; C order, so `uniform(low:high:count: fan_in * fan_out)` row-major.
// - `train_test_split` / `ShuffleSplit`: `permutation(n_samples)`; test indices
//   are the first `n_test`, train the next `n_train`.
// - MLP mini-batches (`shuffle=True`): each epoch
//   `sample_idx = sklearn.utils.shuffle(sample_idx, random_state=rs)`, which is
//   `resample(replace=False)`: `indices = np.arange(n); rs.shuffle(indices);
//   sample_idx = sample_idx[indices]`. So it is `shuffle(_:)` (one
//   `random_interval` draw per position, from the end), applied to a fresh
//   arange and composed with the previous epoch's order, not `permutation`
//   of the previous order (same draws, but mind the composition).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// NumPy's legacy `numpy.random.RandomState`: MT19937 plus the legacy
/// distributions, including the cached second value of the polar Gaussian.
///
/// A value type; copying it forks the stream. No method allocates per draw.
///
/// `standardNormal`/`normal` call the platform `log` (as NumPy does), so their
/// parity is with NumPy on the same C math library; every other method is
/// pure integer and IEEE arithmetic and matches everywhere.
public struct RandomState: Sendable {
    /// The bit generator.
    public var bitGenerator: MT19937
    /// Whether a second polar-method normal is cached (`has_gauss`).
    public var hasGauss: Bool
    /// The cached normal, meaningful when `hasGauss` (`gauss`).
    public var gauss: Double

    /// `np.random.RandomState(seed)` for an integer seed in `[0, 2**32 - 1]`:
    /// Knuth's linear seeding (`mt19937_seed` ≡ `init_genrand`), not
    /// `init_by_array`.
    public init(seed: UInt32) {
        self.init(bitGenerator: MT19937(seed: seed))
    }

    /// `np.random.RandomState([w0, w1, ...])`: `init_by_array`.
    public init(seedArray: [UInt32]) {
        self.init(bitGenerator: MT19937(seedArray: seedArray))
    }

    /// Wraps a bit generator with an empty Gaussian cache, as
    /// `RandomState(MT19937(...))` does.
    public init(bitGenerator: MT19937) {
        self.bitGenerator = bitGenerator
        self.hasGauss = false
        self.gauss = 0
    }

    /// The state NumPy's `set_state(('MT19937', key, pos, has_gauss, gauss))`
    /// would install.
    public init(key: [UInt32], position: Int, hasGauss: Bool = false, gauss: Double = 0) {
        self.bitGenerator = MT19937(key: key, position: position)
        self.hasGauss = hasGauss
        self.gauss = hasGauss ? gauss : 0
    }

    // MARK: Raw draws

    /// One raw 32-bit output (`next_uint32`).
    @inlinable @inline(__always)
    public mutating func nextUInt32() -> UInt32 { bitGenerator.next() }

    /// `tomaxint()`: a uniform integer in `[0, Int64.max]` (`next_uint64 >> 1`,
    /// C long being 64-bit on Linux and macOS).
    @inlinable
    public mutating func tomaxint() -> Int64 { Int64(bitPattern: bitGenerator.next64() >> 1) }

    // MARK: Uniform doubles

    /// `random_sample()`: a double in [0, 1) from two draws.
    @inlinable @inline(__always)
    public mutating func randomSample() -> Double { bitGenerator.nextDouble() }

    /// `rand()`: same as `randomSample()`.
    @inlinable @inline(__always)
    public mutating func rand() -> Double { bitGenerator.nextDouble() }

    /// `rand(count)` / `random_sample(count)`; for `rand(r, c)` ask for
    /// `r * c` values, which come in C (row-major) order.
    @inlinable
    public mutating func rand(count: Int) -> [Double] {
        precondition(count >= 0, "negative count")
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }

    /// Fills `buffer` with `random_sample` values, in order.
    @inlinable
    public mutating func fill(_ buffer: UnsafeMutableBufferPointer<Double>) {
        for i in buffer.indices { buffer[i] = bitGenerator.nextDouble() }
    }

    /// Overwrites every element of `array` with `random_sample` values, in order.
    @inlinable
    public mutating func fill(_ array: inout [Double]) {
        array.withUnsafeMutableBufferPointer { fill($0) }
    }

    /// `uniform(low, high)`: `low + (high - low) * random_sample()`, with
    /// `high - low` rounded once as NumPy does.
    @inlinable @inline(__always)
    public mutating func uniform(low: Double = 0, high: Double = 1) -> Double {
        let range = high - low
        return low + range * bitGenerator.nextDouble()
    }

    /// `uniform(low, high, count)`.
    @inlinable
    public mutating func uniform(low: Double, high: Double, count: Int) -> [Double] {
        precondition(count >= 0, "negative count")
        let range = high - low
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = low + range * bitGenerator.nextDouble() }
            initialized = count
        }
    }

    // MARK: Normal (legacy polar method)

    /// `standard_normal()` via `legacy_gauss`: Marsaglia's polar method, which
    /// makes two normals per accepted pair; it returns `f * x2` and caches
    /// `f * x1` for the next call. The cache survives other kinds of draws.
    @inlinable
    public mutating func standardNormal() -> Double {
        if hasGauss {
            let cached = gauss
            hasGauss = false
            gauss = 0
            return cached
        }
        var x1: Double, x2: Double, r2: Double
        repeat {
            x1 = 2.0 * bitGenerator.nextDouble() - 1.0
            x2 = 2.0 * bitGenerator.nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * log(r2) / r2).squareRoot()
        gauss = f * x1
        hasGauss = true
        return f * x2
    }

    /// `standard_normal(count)`.
    @inlinable
    public mutating func standardNormal(count: Int) -> [Double] {
        precondition(count >= 0, "negative count")
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count { out[i] = standardNormal() }
        return out
    }

    /// `normal(loc, scale)`: `loc + scale * standard_normal()` (`legacy_normal`).
    @inlinable
    public mutating func normal(loc: Double = 0, scale: Double = 1) -> Double {
        loc + scale * standardNormal()
    }

    /// `normal(loc, scale, count)`.
    @inlinable
    public mutating func normal(loc: Double, scale: Double, count: Int) -> [Double] {
        precondition(count >= 0, "negative count")
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count { out[i] = loc + scale * standardNormal() }
        return out
    }

    // MARK: Bounded integers

    /// Smallest all-ones mask covering `max` (`gen_mask`).
    @inlinable @inline(__always)
    static func mask(covering max: UInt64) -> UInt64 {
        max == 0 ? 0 : UInt64.max >> UInt64(max.leadingZeroBitCount)
    }

    /// `random_interval(max)`: uniform in `[0, max]` by masked rejection, with
    /// 32-bit draws when `max` fits in 32 bits and 64-bit draws otherwise.
    /// This is the draw `shuffle` and `permutation` make per position.
    @inlinable
    public mutating func randomInterval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let mask = Self.mask(covering: max)
        if max <= 0xFFFF_FFFF {
            let m32 = UInt32(truncatingIfNeeded: mask), max32 = UInt32(truncatingIfNeeded: max)
            var v: UInt32
            repeat { v = bitGenerator.next() & m32 } while v > max32
            return UInt64(v)
        }
        var v: UInt64
        repeat { v = bitGenerator.next64() & mask } while v > max
        return v
    }

    /// `random_bounded_uint64(off, rng, mask, use_masked=True)`: `off` plus a
    /// uniform value in `[0, rng]`, wrapping modulo 2^64.
    @inlinable @inline(__always)
    mutating func boundedMasked(offset off: UInt64, range rng: UInt64, mask: UInt64) -> UInt64 {
        if rng == 0 { return off }
        if rng <= 0xFFFF_FFFF {
            if rng == 0xFFFF_FFFF { return off &+ UInt64(bitGenerator.next()) }
            let m32 = UInt32(truncatingIfNeeded: mask), r32 = UInt32(truncatingIfNeeded: rng)
            var v: UInt32
            repeat { v = bitGenerator.next() & m32 } while v > r32
            return off &+ UInt64(v)
        }
        if rng == UInt64.max { return off &+ bitGenerator.next64() }
        var v: UInt64
        repeat { v = bitGenerator.next64() & mask } while v > rng
        return off &+ v
    }

    /// `randint(low, high)` with the default dtype (C long, int64): uniform in
    /// `[low, high)`, legacy masked rejection sampling — 32-bit draws when
    /// `high - 1 - low` fits in 32 bits, 64-bit draws otherwise; a one-value
    /// range draws nothing.
    ///
    /// - Precondition: `low < high` (NumPy raises `ValueError`).
    @inlinable
    public mutating func randint(low: Int64, high: Int64) -> Int64 {
        precondition(low < high, "randint: low >= high")
        let rng = UInt64(bitPattern: high) &- UInt64(bitPattern: low) &- 1
        let v = boundedMasked(offset: UInt64(bitPattern: low), range: rng, mask: Self.mask(covering: rng))
        return Int64(bitPattern: v)
    }

    /// `randint(low, high, count)`.
    @inlinable
    public mutating func randint(low: Int64, high: Int64, count: Int) -> [Int64] {
        precondition(low < high, "randint: low >= high")
        precondition(count >= 0, "negative count")
        let rng = UInt64(bitPattern: high) &- UInt64(bitPattern: low) &- 1
        let mask = Self.mask(covering: rng), off = UInt64(bitPattern: low)
        var out = [Int64](repeating: 0, count: count)
        for i in 0..<count {
            out[i] = Int64(bitPattern: boundedMasked(offset: off, range: rng, mask: mask))
        }
        return out
    }

    /// `randint(low, high)` for `Int` bounds (64-bit platforms).
    @inlinable
    public mutating func randint(low: Int, high: Int) -> Int {
        Int(randint(low: Int64(low), high: Int64(high)))
    }

    /// `randint(low, high, count)` for `Int` bounds (64-bit platforms).
    @inlinable
    public mutating func randint(low: Int, high: Int, count: Int) -> [Int] {
        precondition(low < high, "randint: low >= high")
        precondition(count >= 0, "negative count")
        let l = Int64(low), h = Int64(high)
        let rng = UInt64(bitPattern: h) &- UInt64(bitPattern: l) &- 1
        let mask = Self.mask(covering: rng), off = UInt64(bitPattern: l)
        return [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                buffer[i] = Int(Int64(bitPattern: boundedMasked(offset: off, range: rng, mask: mask)))
            }
            initialized = count
        }
    }

    // MARK: Permutations and sampling

    /// `shuffle(x)` for a 1-D sequence: Fisher–Yates from the end; for
    /// `i = n-1 ... 1`, `j = random_interval(i)`, swap `x[i]` and `x[j]`.
    /// (NumPy's 1-D ndarray fast path and its generic path make the same draws.)
    @inlinable
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ x: inout C) {
        let n = x.count
        guard n > 1 else { return }
        let done: Void? = x.withContiguousMutableStorageIfAvailable { p in
            var i = n - 1
            while i >= 1 {
                let j = Int(truncatingIfNeeded: randomInterval(UInt64(i)))
                p.swapAt(i, j)
                i -= 1
            }
        }
        if done != nil { return }
        let start = x.startIndex
        var i = n - 1
        while i >= 1 {
            let j = Int(truncatingIfNeeded: randomInterval(UInt64(i)))
            x.swapAt(x.index(start, offsetBy: i), x.index(start, offsetBy: j))
            i -= 1
        }
    }

    /// `permutation(n)`: `arange(n)` shuffled with `shuffle`.
    @inlinable
    public mutating func permutation(_ n: Int) -> [Int] {
        precondition(n >= 0, "permutation of a negative count")
        var a = [Int](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in 0..<n { buffer[i] = i }
            initialized = n
        }
        shuffle(&a)
        return a
    }

    /// `choice(n, size, replace)` without probabilities.
    /// - `replace: true` — `randint(0, n, size)`.
    /// - `replace: false` — `permutation(n)[:size]` (it consumes the draws of
    ///   a full permutation of `n`, whatever `size` is).
    ///
    /// - Precondition: `n > 0` (or `size == 0`); `size <= n` when not replacing.
    @inlinable
    public mutating func choice(_ n: Int, size: Int, replace: Bool = true) -> [Int] {
        precondition(size >= 0, "negative size")
        precondition(n > 0 || size == 0, "choice: a must be greater than 0 unless no samples are taken")
        if replace {
            // NumPy's randint returns an empty array for size 0 without drawing.
            return size == 0 ? [] : randint(low: 0, high: n, count: size)
        }
        precondition(size <= n, "Cannot take a larger sample than population when 'replace=False'")
        // Even for size 0 NumPy permutes the whole population first.
        return Array(permutation(max(n, 0)).prefix(size))
    }
}
