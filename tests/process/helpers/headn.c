/* helper bin/headn N: copies the first N lines of stdin to stdout, reading
 * one byte at a time so nothing more is consumed, then exits 0 without
 * reading the rest (a reader that leaves early: the writer gets SIGPIPE). */
#include "../programs/proctest.h"

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1, seen = 0;
    char c;
    while (seen < n) {
        ssize_t r = read(0, &c, 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        if (write_full(1, &c, 1) < 0) return 3;
        if (c == '\n') seen++;
    }
    return 0;
}
