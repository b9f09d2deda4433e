/* Shared declarations for the compute kernels (self-written, CoreMark-like).
 *
 * Every kernel is a function `uint32_t run_NAME(void)` that starts from a fixed
 * state, does a fixed amount of work and returns a 32-bit checksum.  All state
 * is re-initialised on entry, so repeated calls return the same value.
 *
 * The sources are compiled twice from the same files:
 *   - wasm32, -nostdlib -ffreestanding: one import-free module; the kernels are
 *     exported by name through export_name;
 *   - native x86-64, linked with driver/main.c which times each kernel.
 * Do not use libc here (the wasm build has none).
 */
#ifndef BENCH_COMPUTE_KERNELS_H
#define BENCH_COMPUTE_KERNELS_H

#include <stdint.h>
#include <stddef.h>

#ifdef __wasm__
#define KERNEL_EXPORT(name) __attribute__((export_name(name)))
#else
#define KERNEL_EXPORT(name)
#endif

/* The list of kernels, in the order they are run and reported.  The run
 * script takes the order from the native driver's output.  bench_nop is not a
 * kernel: it returns at once and lets the harness measure process start-up
 * (module load + instantiate) of the whole-process peers. */
#define BENCH_KERNELS(X) \
  X(list)                \
  X(matrix)              \
  X(state)               \
  X(crc)                 \
  X(fib)                 \
  X(mandel)              \
  X(nbody)               \
  X(mem)                 \
  X(icall)               \
  X(vm)

#define BENCH_DECLARE(name) uint32_t run_##name(void);
BENCH_KERNELS(BENCH_DECLARE)
#undef BENCH_DECLARE
uint32_t bench_nop(void);

/* Small helpers shared by the kernels (static inline: no cross-file calls). */
static inline uint32_t k_lcg(uint32_t *s) {
  *s = *s * 1664525u + 1013904223u;
  return *s;
}

static inline uint32_t k_mix(uint32_t h, uint32_t v) {
  h ^= v;
  h *= 0x01000193u; /* FNV prime */
  h ^= h >> 15;
  return h;
}

#endif
