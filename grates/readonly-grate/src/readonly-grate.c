/* readonly-grate: the program it runs (and every descendant) sees a
 * read-only world.
 *   - open/openat asking for write access (O_WRONLY, O_RDWR), O_TRUNC,
 *     O_APPEND or O_CREAT, and creat, fail with EPERM; read-only opens are
 *     forwarded unchanged;
 *   - write, pwrite, writev and pwritev always fail with EPERM, stdout and
 *     stderr included (as the peer's readonly-grate);
 *   - calls that modify the file system (unlink, mkdir, rename, link,
 *     symlink, chmod, chown, truncate, mknod, utimensat, fallocate and their
 *     *at / f* forms) fail with EPERM.
 *   readonly-grate PROGRAM [ARGS...] */
#include <errno.h>
#include <lind_grate.h>
#include <stdio.h>

/* open flags arrive in Linux's numbering (glibc-shim translates them). */
#define L_O_ACCMODE 03
#define L_O_CREAT 0100
#define L_O_TRUNC 01000
#define L_O_APPEND 02000

static int writes_something(uint64_t flags) {
    return (flags & L_O_ACCMODE) != 0 || (flags & (L_O_CREAT | L_O_TRUNC | L_O_APPEND)) != 0;
}

LIND_GRATE_HANDLER(h_open) {
    if (writes_something(a2)) return -EPERM;
    return LIND_GRATE_FORWARD(LIND_SYS_open);
}

LIND_GRATE_HANDLER(h_openat) {
    if (writes_something(a3)) return -EPERM;
    return LIND_GRATE_FORWARD(LIND_SYS_openat);
}

LIND_GRATE_HANDLER(h_deny) {
    LIND_GRATE_UNUSED_ARGS;
    return -EPERM;
}

static const uint64_t denied[] = {
    /* writes */
    LIND_SYS_write, LIND_SYS_pwrite64, LIND_SYS_writev, LIND_SYS_pwritev,
    /* creation */
    LIND_SYS_creat, LIND_SYS_mkdir, LIND_SYS_mkdirat, LIND_SYS_mknod, LIND_SYS_mknodat,
    LIND_SYS_link, LIND_SYS_linkat, LIND_SYS_symlink, LIND_SYS_symlinkat,
    /* removal and renaming */
    LIND_SYS_unlink, LIND_SYS_unlinkat, LIND_SYS_rmdir, LIND_SYS_rename, LIND_SYS_renameat,
    LIND_SYS_renameat2,
    /* metadata and size */
    LIND_SYS_chmod, LIND_SYS_fchmod, LIND_SYS_fchmodat, LIND_SYS_chown, LIND_SYS_fchown,
    LIND_SYS_lchown, LIND_SYS_fchownat, LIND_SYS_truncate, LIND_SYS_ftruncate,
    LIND_SYS_utimensat, LIND_SYS_fallocate,
};

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: readonly-grate PROGRAM [ARGS...]\n");
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_open, h_open);
    lind_grate_register(&g, LIND_SYS_openat, h_openat);
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) lind_grate_register(&g, denied[i], h_deny);
    return lind_grate_run(&g, &argv[1]);
}
