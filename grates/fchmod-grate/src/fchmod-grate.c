/* fchmod-grate: the modes the program it runs (and every descendant) sets
 * with chmod, fchmod and fchmodat are ANDed with a mask (default 7777:
 * unchanged), so for instance --mask 644 never lets a file become
 * executable or group/other-writable.
 *   fchmod-grate [--mask OCTAL] PROGRAM [ARGS...] */
#include <lind_grate.h>
#include <stdio.h>
#include <string.h>

#define HARGS                                                                                         \
    uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2, uint64_t a2cage, uint64_t a3,         \
        uint64_t a3cage, uint64_t a4, uint64_t a4cage, uint64_t a5, uint64_t a5cage, uint64_t a6,    \
        uint64_t a6cage

static uint64_t mask = 07777;

/* chmod(path, mode) */
static int h_chmod(HARGS) {
    return lind_grate_forward(LIND_SYS_chmod, grate, a1, a1cage, a2 & mask, a2cage, a3, a3cage, a4, a4cage, a5,
                              a5cage, a6, a6cage);
}

/* fchmod(fd, mode) */
static int h_fchmod(HARGS) {
    return lind_grate_forward(LIND_SYS_fchmod, grate, a1, a1cage, a2 & mask, a2cage, a3, a3cage, a4, a4cage, a5,
                              a5cage, a6, a6cage);
}

/* fchmodat(dirfd, path, mode, flags) */
static int h_fchmodat(HARGS) {
    return lind_grate_forward(LIND_SYS_fchmodat, grate, a1, a1cage, a2, a2cage, a3 & mask, a3cage, a4, a4cage, a5,
                              a5cage, a6, a6cage);
}

/* An octal number of 1 to 4 digits (a leading 0 is allowed), <= 07777. */
static int parse_octal(const char *s, uint64_t *out) {
    size_t n = strlen(s);
    if (n == 0 || n > 5) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '7') return -1;
        v = v * 8 + (uint64_t)(s[i] - '0');
    }
    if (v > 07777) return -1;
    *out = v;
    return 0;
}

static int usage(void) {
    fprintf(stderr, "usage: fchmod-grate [--mask OCTAL] PROGRAM [ARGS...]\n");
    return 2;
}

int main(int argc, char **argv) {
    int i = 1;
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        const char *val;
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--mask") == 0) {
            if (i + 1 >= argc) return usage();
            val = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--mask=", 7) == 0) {
            val = argv[i] + 7;
            i++;
        } else {
            fprintf(stderr, "fchmod-grate: unknown option %s\n", argv[i]);
            return usage();
        }
        if (parse_octal(val, &mask) != 0) {
            fprintf(stderr, "fchmod-grate: --mask: not an octal mode (0-7777): %s\n", val);
            return 2;
        }
    }
    if (i >= argc) return usage();
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_chmod, h_chmod);
    lind_grate_register(&g, LIND_SYS_fchmod, h_fchmod);
    lind_grate_register(&g, LIND_SYS_fchmodat, h_fchmodat);
    return lind_grate_run(&g, &argv[i]);
}
