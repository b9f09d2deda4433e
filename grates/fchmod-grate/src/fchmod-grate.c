/* fchmod-grate: the modes the program it runs (and every descendant) sets
 * with chmod, fchmod and fchmodat are ANDed with a mask (default 7777:
 * unchanged), so for instance --mask 644 never lets a file become
 * executable or group/other-writable.
 *   fchmod-grate [--mask OCTAL] PROGRAM [ARGS...] */
#include <lind_grate.h>
#include <stdio.h>
#include <string.h>

#include "octal_option.h"

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

int main(int argc, char **argv) {
    static const struct octal_option opt = {"fchmod-grate", "--mask", "mode (0-7777)",
                                             "usage: fchmod-grate [--mask OCTAL] PROGRAM [ARGS...]", 07777, 5};
    int i = parse_octal_option(&opt, argc, argv, &mask);
    if (i == 0) return 2;
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_chmod, h_chmod);
    lind_grate_register(&g, LIND_SYS_fchmod, h_fchmod);
    lind_grate_register(&g, LIND_SYS_fchmodat, h_fchmodat);
    return lind_grate_run(&g, &argv[i]);
}
