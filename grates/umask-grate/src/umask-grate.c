/* umask-grate: forces permission bits into the umask of the program it runs
 * (and of every descendant). umask(M) is forwarded as umask(M | BITS), as
 * the peer's umask-grate does; and, so that the bits hold even for a
 * program that never calls umask, the mode of every creating call (open and
 * openat with O_CREAT, creat, mkdir, mkdirat, mknod, mknodat) has BITS
 * cleared before it is forwarded.
 *   umask-grate [--force-bits OCTAL] PROGRAM [ARGS...]   (default 000) */
#include <lind_grate.h>
#include <stdio.h>
#include <string.h>

#include "octal_option.h"

#define L_O_CREAT 0100
#define L_O_TMPFILE 020200000

static uint64_t force = 0;

static int creates(uint64_t flags) {
    return (flags & L_O_CREAT) || (flags & L_O_TMPFILE) == L_O_TMPFILE;
}

/* umask(mask) */
LIND_GRATE_HANDLER(h_umask) {
    a1 |= force;
    return LIND_GRATE_FORWARD(LIND_SYS_umask);
}
/* open(path, flags, mode) */
LIND_GRATE_HANDLER(h_open) {
    if (creates(a2)) a3 &= ~force;
    return LIND_GRATE_FORWARD(LIND_SYS_open);
}
/* openat(dirfd, path, flags, mode) */
LIND_GRATE_HANDLER(h_openat) {
    if (creates(a3)) a4 &= ~force;
    return LIND_GRATE_FORWARD(LIND_SYS_openat);
}
/* creat(path, mode), mkdir(path, mode), mknod(path, mode, dev) */
LIND_GRATE_HANDLER(h_creat) { a2 &= ~force; return LIND_GRATE_FORWARD(LIND_SYS_creat); }
LIND_GRATE_HANDLER(h_mkdir) { a2 &= ~force; return LIND_GRATE_FORWARD(LIND_SYS_mkdir); }
LIND_GRATE_HANDLER(h_mknod) { a2 &= ~force; return LIND_GRATE_FORWARD(LIND_SYS_mknod); }
/* mkdirat(dirfd, path, mode), mknodat(dirfd, path, mode, dev) */
LIND_GRATE_HANDLER(h_mkdirat) { a3 &= ~force; return LIND_GRATE_FORWARD(LIND_SYS_mkdirat); }
LIND_GRATE_HANDLER(h_mknodat) { a3 &= ~force; return LIND_GRATE_FORWARD(LIND_SYS_mknodat); }

int main(int argc, char **argv) {
    static const struct octal_option opt = {"umask-grate", "--force-bits", "umask (0-777)",
                                             "usage: umask-grate [--force-bits OCTAL] PROGRAM [ARGS...]", 0777, 4};
    int i = parse_octal_option(&opt, argc, argv, &force);
    if (i == 0) return 2;
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_umask, h_umask);
    lind_grate_register(&g, LIND_SYS_open, h_open);
    lind_grate_register(&g, LIND_SYS_openat, h_openat);
    lind_grate_register(&g, LIND_SYS_creat, h_creat);
    lind_grate_register(&g, LIND_SYS_mkdir, h_mkdir);
    lind_grate_register(&g, LIND_SYS_mkdirat, h_mkdirat);
    lind_grate_register(&g, LIND_SYS_mknod, h_mknod);
    lind_grate_register(&g, LIND_SYS_mknodat, h_mknodat);
    return lind_grate_run(&g, &argv[i]);
}
