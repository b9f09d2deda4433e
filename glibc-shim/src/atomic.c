/* Atomic operations for the rest of the library (atomic.h), as WebAssembly
 * atomic instructions: the interpreter runs them as host atomics on the
 * host address, so they are atomic against other cages mapping the same
 * MAP_SHARED pages too.
 *
 * Built with -matomics (build-sysroot; without it clang lowers __atomic_*
 * to plain loads and stores). They live in their own file because LLVM 14
 * also lowers them, silently, in any module that has a thread-local
 * variable and no bulk-memory feature — and wasi-libc's errno is
 * _Thread_local: one use of errno here would strip every atomic. So this
 * file must never touch errno (or any thread-local); build-sysroot checks
 * that the object really contains atomic instructions. */
#include "atomic.h"

#ifndef __wasm_atomics__
#error "atomic.c must be built with -matomics"
#endif

int __lind_atomic_load(volatile int *p) {
    return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

void __lind_atomic_store(volatile int *p, int v) {
    __atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

int __lind_atomic_cas(volatile int *p, int expected, int desired) {
    __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
}

int __lind_atomic_fetch_add(volatile int *p, int v) {
    return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}
