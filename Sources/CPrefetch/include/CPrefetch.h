// A software prefetch for NNSpecNumerics: Swift has no prefetch of its own. Inlined into the
// Swift caller (a static inline function in an imported header), so it costs one instruction.
#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to bring the cache line holding `p` into its L1 cache (a hint: it never faults
/// and changes no value).
static inline __attribute__((always_inline)) void nnspec_prefetch(const void *p) {
    __builtin_prefetch(p, 0, 3);
}

#endif
