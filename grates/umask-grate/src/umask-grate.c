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

#define L_O_CREAT 0100
#define L_O_TMPFILE 020200000

#define HARGS                                                                                         \
    uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2, uint64_t a2cage, uint64_t a3,         \
        uint64_t a3cage, uint64_t a4, uint64_t a4cage, uint64_t a5, uint64_t a5cage, uint64_t a6,    \
        uint64_t a6cage
#define FWD(nr) lind_grate_forward(nr, grate, a1, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, a5, a5cage, a6, a6cage)

static uint64_t force = 0;

static int creates(uint64_t flags) {
    return (flags & L_O_CREAT) || (flags & L_O_TMPFILE) == L_O_TMPFILE;
}

/* umask(mask) */
static int h_umask(HARGS) {
    a1 |= force;
    return FWD(LIND_SYS_umask);
}
/* open(path, flags, mode) */
static int h_open(HARGS) {
    if (creates(a2)) a3 &= ~force;
    return FWD(LIND_SYS_open);
}
/* openat(dirfd, path, flags, mode) */
static int h_openat(HARGS) {
    if (creates(a3)) a4 &= ~force;
    return FWD(LIND_SYS_openat);
}
/* creat(path, mode), mkdir(path, mode), mknod(path, mode, dev) */
static int h_creat(HARGS) { a2 &= ~force; return FWD(LIND_SYS_creat); }
static int h_mkdir(HARGS) { a2 &= ~force; return FWD(LIND_SYS_mkdir); }
static int h_mknod(HARGS) { a2 &= ~force; return FWD(LIND_SYS_mknod); }
/* mkdirat(dirfd, path, mode), mknodat(dirfd, path, mode, dev) */
static int h_mkdirat(HARGS) { a3 &= ~force; return FWD(LIND_SYS_mkdirat); }
static int h_mknodat(HARGS) { a3 &= ~force; return FWD(LIND_SYS_mknodat); }

/* An octal number (a leading 0 is allowed), <= 0777. */
static int parse_octal(const char *s, uint64_t *out) {
    size_t n = strlen(s);
    if (n == 0 || n > 4) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '7') return -1;
        v = v * 8 + (uint64_t)(s[i] - '0');
    }
    if (v > 0777) return -1;
    *out = v;
    return 0;
}

static int usage(void) {
    fprintf(stderr, "usage: umask-grate [--force-bits OCTAL] PROGRAM [ARGS...]\n");
    return 2;
}

int main(int argc, char **argv) {
    int i = 1;
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        const char *val;
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--force-bits") == 0) {
            if (i + 1 >= argc) return usage();
            val = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--force-bits=", 13) == 0) {
            val = argv[i] + 13;
            i++;
        } else {
            fprintf(stderr, "umask-grate: unknown option %s\n", argv[i]);
            return usage();
        }
        if (parse_octal(val, &force) != 0) {
            fprintf(stderr, "umask-grate: --force-bits: not an octal umask (0-777): %s\n", val);
            return 2;
        }
    }
    if (i >= argc) return usage();
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
