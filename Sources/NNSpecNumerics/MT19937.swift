// MT19937: the 32-bit Mersenne Twister exactly as NumPy's legacy
// `RandomState` drives it (numpy/random/src/mt19937).
//
// Written from the published algorithm (Matsumoto & Nishimura, 1998) and
// checked against NumPy's output by Tests/NNSpecNumericsTests/RandomStateTests.

/// The Mersenne Twister MT19937 bit generator, bit-compatible with NumPy's
/// `numpy.random.MT19937` when seeded through the legacy `RandomState` paths.
///
/// A value type: copying it forks the stream (the 624-word key is shared
/// copy-on-write until either copy draws past its current block).
/// Drawing never allocates; the key is regenerated in place every 624 words.
public struct MT19937: Sendable {
    /// Number of 32-bit words of state.
    public static let stateSize = 624
    @usableFromInline static let shift = 397
    @usableFromInline static let matrixA: UInt32 = 0x9908_B0DF
    @usableFromInline static let upperMask: UInt32 = 0x8000_0000
    @usableFromInline static let lowerMask: UInt32 = 0x7FFF_FFFF

    /// The untempered state words (NumPy's `key`).
    @usableFromInline var key: [UInt32]
    /// Index of the next word to temper; `stateSize` means "regenerate first".
    @usableFromInline var pos: Int

    /// Seeds from one 32-bit integer with Knuth's linear recurrence
    /// (`init_genrand` in the reference code, `mt19937_seed` in NumPy).
    ///
    /// This is the path `numpy.random.RandomState(int)` takes:
    /// `RandomState.__init__` → `MT19937._legacy_seeding(seed)` → for an
    /// integer seed in `[0, 2**32 - 1]`, `mt19937_seed`; only array seeds go
    /// through `init_by_array`.
    public init(seed: UInt32) {
        key = [UInt32](repeating: 0, count: Self.stateSize)
        pos = Self.stateSize
        Self.fillLinear(&key, seed: seed)
    }

    /// Seeds from an array of 32-bit words (`init_by_array`), the path of
    /// `numpy.random.RandomState([w0, w1, ...])`.
    ///
    /// - Precondition: `seedArray` is not empty (NumPy raises on an empty seed).
    public init(seedArray: [UInt32]) {
        precondition(!seedArray.isEmpty, "MT19937 seed array must be non-empty")
        let n = Self.stateSize
        var mt = [UInt32](repeating: 0, count: n)
        Self.fillLinear(&mt, seed: 19_650_218)
        var i = 1
        var j = 0
        var k = max(n, seedArray.count)
        while k > 0 {
            let prev = mt[i - 1]
            mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) &* 1_664_525)) &+ seedArray[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1
            j += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
            if j >= seedArray.count { j = 0 }
            k -= 1
        }
        k = n - 1
        while k > 0 {
            let prev = mt[i - 1]
            mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) &* 1_566_083_941)) &- UInt32(truncatingIfNeeded: i)
            i += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
            k -= 1
        }
        mt[0] = 0x8000_0000  // most significant bit set: the key is never all zero
        key = mt
        pos = n
    }

    /// Restores a state as NumPy's `get_state()` reports it: the 624 key words
    /// and the position.
    ///
    /// - Precondition: `key.count == 624` and `0 <= position <= 624`.
    public init(key: [UInt32], position: Int) {
        precondition(key.count == Self.stateSize, "MT19937 key must have 624 words")
        precondition((0...Self.stateSize).contains(position), "MT19937 position must be in 0...624")
        self.key = key
        self.pos = position
    }

    /// The key words, as NumPy's `get_state()[1]`.
    public var stateKey: [UInt32] { key }
    /// The position, as NumPy's `get_state()[2]`.
    public var position: Int { pos }

    @inline(__always)
    static func fillLinear(_ mt: inout [UInt32], seed: UInt32) {
        mt.withUnsafeMutableBufferPointer { p in
            var s = seed
            p[0] = s
            for i in 1..<p.count {
                s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(truncatingIfNeeded: i)
                p[i] = s
            }
        }
    }

    /// Regenerates all 624 words in place and rewinds the position.
    @usableFromInline
    mutating func regenerate() {
        let n = Self.stateSize, m = Self.shift
        key.withUnsafeMutableBufferPointer { p in
            @inline(__always) func twist(_ a: UInt32, _ b: UInt32, _ far: UInt32) -> UInt32 {
                let y = (a & Self.upperMask) | (b & Self.lowerMask)
                return far ^ (y >> 1) ^ ((0 &- (y & 1)) & Self.matrixA)
            }
            var i = 0
            while i < n - m {
                p[i] = twist(p[i], p[i + 1], p[i + m])
                i += 1
            }
            while i < n - 1 {
                p[i] = twist(p[i], p[i + 1], p[i + m - n])
                i += 1
            }
            p[n - 1] = twist(p[n - 1], p[0], p[m - 1])
        }
        pos = 0
    }

    /// The next tempered 32-bit output (`mt19937_next32`).
    @inlinable @inline(__always)
    public mutating func next() -> UInt32 {
        if pos == Self.stateSize { regenerate() }
        var y = key[pos]
        pos &+= 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Two outputs joined, first one high (`mt19937_next64`).
    @inlinable @inline(__always)
    public mutating func next64() -> UInt64 {
        let hi = UInt64(next())
        return hi << 32 | UInt64(next())
    }

    /// A double in [0, 1) with 53 random bits from two outputs
    /// (`mt19937_next_double`): `((a >> 5) * 2^26 + (b >> 6)) / 2^53`.
    @inlinable @inline(__always)
    public mutating func nextDouble() -> Double {
        let a = next() >> 5
        let b = next() >> 6
        return (Double(a) * 67_108_864.0 + Double(b)) / 9_007_199_254_740_992.0
    }
}
