// A generic entry's pointers as the concrete scalar type it has just tested `S` to be, so the
// loops behind it are specialized (and vectorized) for Float and Double in this module.

@inline(__always)
func cast<S, T>(_ p: UnsafePointer<S>) -> UnsafePointer<T> { UnsafeRawPointer(p).assumingMemoryBound(to: T.self) }

@inline(__always)
func cast<S, T>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<T> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: T.self)
}
