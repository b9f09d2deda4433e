/* Native driver: times every kernel with clock_gettime(CLOCK_MONOTONIC).
 *
 * Usage: compute-native [REPS]   (default 5)
 * Output, one line per kernel, in BENCH_KERNELS order:
 *   NAME CHECKSUM BEST_MS
 * CHECKSUM is unsigned decimal; BEST_MS is the fastest of REPS calls.  Exit
 * status 1 if a kernel returns different checksums on repeated calls. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../kernels/kernels.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct kernel {
  const char *name;
  uint32_t (*fn)(void);
};

#define BENCH_ENTRY(name) {#name, run_##name},
static const struct kernel kernels[] = {BENCH_KERNELS(BENCH_ENTRY)};
#undef BENCH_ENTRY

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 5;
  if (reps < 1) reps = 1;
  int status = 0;
  (void)bench_nop();
  for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
    double best = 1e300;
    uint32_t first = 0;
    for (int r = 0; r < reps; r++) {
      double t0 = now_ms();
      uint32_t c = kernels[k].fn();
      double t = now_ms() - t0;
      if (r == 0) first = c;
      else if (c != first) {
        fprintf(stderr, "%s: not deterministic (%u then %u)\n", kernels[k].name, first, c);
        status = 1;
      }
      if (t < best) best = t;
    }
    printf("%s %u %.3f\n", kernels[k].name, first, best);
    fflush(stdout);
  }
  return status;
}
