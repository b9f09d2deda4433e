/* geteuid in a tight loop, timed with CLOCK_MONOTONIC: the same source runs
 * natively, under strace, and as a lind cage (through RawPOSIX or through
 * grates). Prints "geteuid NS_PER_CALL".
 *   geteuid_loop ITERATIONS */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s ITERATIONS\n", argv[0]);
    return 2;
  }
  long n = atol(argv[1]);
  long sink = 0;
  double t0 = now_ns();
  for (long i = 0; i < n; i++) sink += geteuid();
  double t1 = now_ns();
  printf("geteuid %.1f\n", (t1 - t0) / (double)n);
  return sink == (long)geteuid() * n ? 0 : 1;
}
