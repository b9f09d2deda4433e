/* bench_nop: returns at once.  Used to measure process start-up. */
#include "kernels.h"

KERNEL_EXPORT("bench_nop")
uint32_t bench_nop(void) { return 0; }
