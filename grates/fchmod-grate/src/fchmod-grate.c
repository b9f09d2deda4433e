/* fchmod-grate: the modes the program it runs (and every descendant) sets
 * with chmod, fchmod and fchmodat are ANDed with a mask (default 7777:
 * unchanged), so for instance --mask 644 never lets a file become
 * executable or group/other-writable.
 *   fchmod-grate [--mask OCTAL] PROGRAM [ARGS...] */
#include <lind_grate.h>
#include <stdio.h>
#include <string.h>

#include "octal_option.h"

static uint64_t mask = 07777;

/* chmod(path, mode) */
LIND_GRATE_HANDLER(h_chmod) {
    a2 &= mask;
    return LIND_GRATE_FORWARD(LIND_SYS_chmod);
}

/* fchmod(fd, mode) */
LIND_GRATE_HANDLER(h_fchmod) {
    a2 &= mask;
    return LIND_GRATE_FORWARD(LIND_SYS_fchmod);
}

/* fchmodat(dirfd, path, mode, flags) */
LIND_GRATE_HANDLER(h_fchmodat) {
    a3 &= mask;
    return LIND_GRATE_FORWARD(LIND_SYS_fchmodat);
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
