/* helper bin/gen N [PREFIX]: writes N lines "PREFIX I" (I = 1..N) to
 * stdout with write(2), then exits 0; exits 3 if a write fails (EPIPE
 * when SIGPIPE is ignored). The first stage of the pipelines. */
#include "../programs/proctest.h"

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10;
    const char *prefix = argc > 2 ? argv[2] : "line";
    char buf[8192];
    size_t used = 0;
    for (long i = 1; i <= n; i++) {
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s %ld\n", prefix, i);
        if (used > sizeof buf - 128 || i == n) {
            if (write_full(1, buf, used) < 0) {
                fprintf(stderr, "gen: write: %s\n", errname(errno));
                return 3;
            }
            used = 0;
        }
    }
    return 0;
}
