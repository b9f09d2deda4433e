/* mem: bulk memory.  Two halves:
 *   - hand-written byte and word copy/fill loops (kept as loops: the build is
 *     -ffreestanding and the functions carry no_builtin, so clang does not turn
 *     them into memcpy/memset);
 *   - __builtin_memcpy / __builtin_memmove / __builtin_memset with run-time
 *     sizes, which clang lowers to memory.copy / memory.fill under
 *     -mbulk-memory (and to libc calls natively).
 * The checksum samples the buffers sparsely so the check itself stays cheap. */
#include "kernels.h"

#define MEM_BYTES 65536
#define MEM_ROUNDS 600

/* Word arrays, accessed as bytes through uint8_t pointers (char-type
 * aliasing is always allowed; the other way round would not be). */
static uint32_t srcw[MEM_BYTES / 4], dstw[MEM_BYTES / 4];
#define src ((uint8_t *)srcw)
#define dst ((uint8_t *)dstw)

__attribute__((no_builtin("memcpy", "memset"), noinline))
static void copy_bytes(uint8_t *d, const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n; i++) d[i] = s[i];
}

__attribute__((no_builtin("memcpy", "memset"), noinline))
static void copy_words(uint32_t *d, const uint32_t *s, size_t nwords) {
  for (size_t i = 0; i < nwords; i++) d[i] = s[i];
}

__attribute__((no_builtin("memcpy", "memset"), noinline))
static void fill_bytes(uint8_t *d, uint8_t v, size_t n) {
  for (size_t i = 0; i < n; i++) d[i] = v;
}

__attribute__((no_builtin("memcpy", "memset"), noinline))
static void fill_words(uint32_t *d, uint32_t v, size_t nwords) {
  for (size_t i = 0; i < nwords; i++) d[i] = v;
}

static uint32_t sample(const uint8_t *p, uint32_t h) {
  for (size_t i = 0; i < MEM_BYTES; i += 509) h = k_mix(h, p[i] | (uint32_t)p[MEM_BYTES - 1 - i] << 8);
  return h;
}

/* Run-time sizes (from the LCG) so the builtins are real calls, not unrolled
 * fixed-size moves. */
static volatile uint32_t mem_seed = 31337;

KERNEL_EXPORT("run_mem")
uint32_t run_mem(void) {
  uint32_t s = mem_seed;
  for (size_t i = 0; i < MEM_BYTES; i++) src[i] = (uint8_t)(k_lcg(&s) >> 24);
  __builtin_memset(dst, 0xa5, MEM_BYTES);
  uint32_t check = 0;
  for (int r = 0; r < MEM_ROUNDS; r++) {
    /* Hand loops. */
    size_t n = MEM_BYTES / 2 + (k_lcg(&s) >> 20) % (MEM_BYTES / 2);
    copy_bytes(dst, src, n);
    check = sample(dst, check);
    fill_bytes(dst + MEM_BYTES / 4, (uint8_t)r, MEM_BYTES / 2);
    copy_words(srcw, dstw, MEM_BYTES / 4);
    fill_words(dstw, 0x01010101u * (uint32_t)r, MEM_BYTES / 8);
    check = sample(src, check);

    /* Builtins: memory.copy / memory.fill in the wasm build. */
    for (int k = 0; k < 64; k++) {
      size_t len = 1024 + (k_lcg(&s) >> 16) % (MEM_BYTES / 2);
      size_t off = (k_lcg(&s) >> 16) % (MEM_BYTES - len);
      __builtin_memcpy(dst + off, src + (MEM_BYTES - len - off), len);
      __builtin_memset(src + (off / 2), (int)(k & 0xff), len / 4);
      __builtin_memmove(dst + off / 3, dst + off, len / 2); /* overlapping */
      check = k_mix(check, dst[off] + dst[(off + len) / 2]);
    }
    check = sample(dst, check);
    /* Feed the result back so every round depends on the last. */
    src[r * 97] ^= (uint8_t)check;
  }
  return check;
}
