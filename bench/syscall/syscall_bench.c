/* One syscall in a tight loop, timed with CLOCK_MONOTONIC: the same source
 * runs natively and as a lind cage.
 *   syscall_bench NAME ITERATIONS   prints "NAME NS_PER_CALL"
 * NAME: getppid, close, pread1, write4k. pread1 reads 1 byte at offset 0 of
 * ./bench.dat (created here); write4k writes 4 KiB to /dev/null. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s getppid|close|pread1|write4k ITERATIONS\n", argv[0]);
    return 2;
  }
  const char* name = argv[1];
  long n = atol(argv[2]);
  static char buf[4096];
  int fd = -1;
  if (strcmp(name, "pread1") == 0) {
    fd = open("bench.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, "x", 1) != 1) return perror("bench.dat"), 1;
  } else if (strcmp(name, "write4k") == 0) {
    fd = open("/dev/null", O_WRONLY);
    if (fd < 0) return perror("/dev/null"), 1;
  } else if (strcmp(name, "getppid") != 0 && strcmp(name, "close") != 0) {
    fprintf(stderr, "unknown benchmark %s\n", name);
    return 2;
  }
  long sink = 0;
  double t0 = now_ns();
  if (strcmp(name, "getppid") == 0) {
    for (long i = 0; i < n; i++) sink += getppid();
  } else if (strcmp(name, "close") == 0) {
    for (long i = 0; i < n; i++) sink += close(-1);
  } else if (strcmp(name, "pread1") == 0) {
    for (long i = 0; i < n; i++) sink += pread(fd, buf, 1, 0);
  } else {
    for (long i = 0; i < n; i++) sink += write(fd, buf, sizeof buf);
  }
  double t1 = now_ns();
  if (sink == 42) puts("");  /* keep the loop */
  printf("%s %.1f\n", name, (t1 - t0) / (double)n);
  return 0;
}
