/* Process operations timed with CLOCK_MONOTONIC; the same source runs
 * natively and as a lind cage.
 *   process_bench forkwait N           fork + _exit + waitpid, N times
 *   process_bench forkexec N           fork + execv(self, "noop") + waitpid
 *   process_bench forkmem MIB N        fork + _exit + waitpid with MIB MiB of
 *                                      heap touched beforehand
 *   process_bench noop                 exits 0 (the exec target)
 * Prints "NAME US_PER_OP". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char* volatile keep;

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int fork_wait(const char* self, int do_exec) {
  pid_t pid = fork();
  if (pid < 0) return perror("fork"), 1;
  if (pid == 0) {
    if (do_exec) {
      char* args[] = {(char*)self, "noop", NULL};
      execv(self, args);
      _exit(127);
    }
    _exit(0);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fprintf(stderr, "child failed (status %d)\n", status), 1;
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && strcmp(argv[1], "noop") == 0) return 0;
  if (argc < 3) {
    fprintf(stderr, "usage: %s forkwait N | forkexec N | forkmem MIB N\n", argv[0]);
    return 2;
  }
  const char* name = argv[1];
  int exec = strcmp(name, "forkexec") == 0;
  long mib = 0, n;
  if (strcmp(name, "forkmem") == 0) {
    if (argc < 4) return 2;
    mib = atol(argv[2]);
    n = atol(argv[3]);
    char* p = malloc((size_t)mib << 20);
    if (!p) return perror("malloc"), 1;
    for (long i = 0; i < (mib << 20); i += 4096) p[i] = 1;  /* dirty every page */
    keep = p;  /* else the compiler drops the unused block and its stores */
  } else {
    n = atol(argv[2]);
  }
  double t0 = now_us();
  for (long i = 0; i < n; i++)
    if (fork_wait(argv[0], exec)) return 1;
  double t1 = now_us();
  if (mib) printf("forkmem%ld %.1f\n", mib, (t1 - t0) / (double)n);
  else printf("%s %.1f\n", name, (t1 - t0) / (double)n);
  return 0;
}
