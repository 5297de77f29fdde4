/// A fixed-size, zero-initialized block of scalars that the training loop reuses every step,
/// so a step allocates nothing. Reference semantics: every holder sees the same storage.
final class Buffer<S: TrainingScalar> {
    let pointer: UnsafeMutablePointer<S>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    convenience init(_ values: [S]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { if let base = $0.baseAddress { pointer.update(from: base, count: values.count) } }
    }

    /// `values` converted to `S` one by one straight into the buffer: no converted array beside
    /// it (a data set's inputs would otherwise exist twice in the run's dtype while loading).
    convenience init(converting values: [Double]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { v in
            for i in 0 ..< v.count { pointer[i] = S(v[i]) }
        }
    }

    deinit { pointer.deallocate() }

    subscript(i: Int) -> S {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    var constPointer: UnsafePointer<S> { UnsafePointer(pointer) }
    var array: [S] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    func fill(_ value: S) { pointer.update(repeating: value, count: count) }
}
