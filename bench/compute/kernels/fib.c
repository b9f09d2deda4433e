/* fib: recursive calls.  Naive Fibonacci plus Takeuchi's tak (three
 * arguments, deep non-tail recursion).  Call/return cost dominates. */
#include "kernels.h"

#define FIB_N 35
#define TAK_X 24
#define TAK_Y 16
#define TAK_Z 8

/* noinline keeps the recursion a real call in every build. */
__attribute__((noinline)) static uint32_t fib(uint32_t n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static int32_t tak(int32_t x, int32_t y, int32_t z) {
  if (y >= x) return z;
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

/* The arguments come through a volatile so that nothing is folded. */
static volatile uint32_t fib_arg = FIB_N;
static volatile int32_t tak_args[3] = {TAK_X, TAK_Y, TAK_Z};

KERNEL_EXPORT("run_fib")
uint32_t run_fib(void) {
  uint32_t f = fib(fib_arg);
  int32_t t = tak(tak_args[0], tak_args[1], tak_args[2]);
  return k_mix(f, (uint32_t)t);
}
