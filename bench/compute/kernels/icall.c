/* icall: indirect calls through function-pointer tables (call_indirect in
 * wasm).  Two tables with different signatures.  The callee follows a
 * 16-entry schedule that is reshuffled from the running state every 4096
 * calls: like a loop over objects of mixed types, it is mostly predictable
 * for a CPU's branch predictor (so native time is not dominated by
 * mispredictions) but cannot be devirtualised by the compiler. */
#include "kernels.h"

#define ICALL_ITERS 10000000

typedef uint32_t (*op2_fn)(uint32_t, uint32_t);
typedef uint64_t (*op1w_fn)(uint64_t);

__attribute__((noinline)) static uint32_t f_add(uint32_t a, uint32_t b) { return a + b; }
__attribute__((noinline)) static uint32_t f_sub(uint32_t a, uint32_t b) { return a - b; }
__attribute__((noinline)) static uint32_t f_xor(uint32_t a, uint32_t b) { return a ^ b; }
__attribute__((noinline)) static uint32_t f_mul(uint32_t a, uint32_t b) { return a * (b | 1); }
__attribute__((noinline)) static uint32_t f_rotl(uint32_t a, uint32_t b) { return a << (b & 31) | a >> ((32 - b) & 31); }
__attribute__((noinline)) static uint32_t f_rotr(uint32_t a, uint32_t b) { return a >> (b & 31) | a << ((32 - b) & 31); }
__attribute__((noinline)) static uint32_t f_min(uint32_t a, uint32_t b) { return a < b ? a + 0x9e37u : b + 0x79b9u; }
__attribute__((noinline)) static uint32_t f_max(uint32_t a, uint32_t b) { return a > b ? a : b ^ 0x5555u; }
__attribute__((noinline)) static uint32_t f_div(uint32_t a, uint32_t b) { return a / (b | 1) + b; }
__attribute__((noinline)) static uint32_t f_rem(uint32_t a, uint32_t b) { return a % ((b & 0xffff) | 1) + a; }
__attribute__((noinline)) static uint32_t f_andn(uint32_t a, uint32_t b) { return (a & ~b) + 17; }
__attribute__((noinline)) static uint32_t f_orr(uint32_t a, uint32_t b) { return (a | b) - 3; }
__attribute__((noinline)) static uint32_t f_shl(uint32_t a, uint32_t b) { return a + (b << 3); }
__attribute__((noinline)) static uint32_t f_sar(uint32_t a, uint32_t b) { return (uint32_t)((int32_t)a >> (b & 7)) + b; }
__attribute__((noinline)) static uint32_t f_neg(uint32_t a, uint32_t b) { return b - a; }
__attribute__((noinline)) static uint32_t f_sq(uint32_t a, uint32_t b) { return a * a + b; }

__attribute__((noinline)) static uint64_t w_a(uint64_t x) { return x * 0x9E3779B97F4A7C15ull; }
__attribute__((noinline)) static uint64_t w_b(uint64_t x) { return x ^ (x >> 29); }
__attribute__((noinline)) static uint64_t w_c(uint64_t x) { return x + 0x632BE59BD9B4E019ull; }
__attribute__((noinline)) static uint64_t w_d(uint64_t x) { return (x << 7) | (x >> 57); }

/* Not const: the tables live in memory like a vtable would. */
static op2_fn ops[16] = {f_add, f_sub, f_xor, f_mul, f_rotl, f_rotr, f_min, f_max,
                         f_div, f_rem, f_andn, f_orr, f_shl, f_sar, f_neg, f_sq};
static op1w_fn wops[4] = {w_a, w_b, w_c, w_d};

KERNEL_EXPORT("run_icall")
uint32_t run_icall(void) {
  uint32_t acc = 0x2545F491u, x = 1;
  uint64_t w = 88172645463325252ull;
  uint8_t sched[16];
  for (int k = 0; k < 16; k++) sched[k] = (uint8_t)k;
  for (uint32_t i = 0; i < ICALL_ITERS; i++) {
    if ((i & 4095) == 0) {
      /* Reshuffle the schedule (Fisher-Yates driven by acc). */
      uint32_t r = acc | 1;
      for (int k = 15; k > 0; k--) {
        r = r * 1103515245u + 12345u;
        int j = (int)((r >> 16) % (uint32_t)(k + 1));
        uint8_t t = sched[k];
        sched[k] = sched[j];
        sched[j] = t;
      }
    }
    x = x * 1103515245u + 12345u;
    acc = ops[sched[i & 15]](acc, x >> 5);
    if ((i & 7) == 0) w = wops[(i >> 3) & 3](w ^ acc);
  }
  return acc ^ (uint32_t)w ^ (uint32_t)(w >> 32);
}
