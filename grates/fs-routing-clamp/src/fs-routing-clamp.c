/* fs-routing-clamp: file calls whose path lies under a prefix go into an
 * inner grate chain; every other call goes past that chain (to the grates
 * above the clamp, or the kernel).
 *
 *   fs-routing-clamp [--log] --prefix P %{ GRATE [ARGS] ... %} PROGRAM [ARGS...]
 *   (%< ... %> is the same)
 *
 * How it works (README.md has the details):
 *   1. The clamp runs the inner chain as its child (lind_grate_run) and
 *      interposes on its execve, clone, exit_group and register_handler.
 *   2. Every register_handler an inner grate makes (for its own child, or
 *      through a chain of them) reaches the clamp, which records
 *      (cage, nr) -> (grate, handler) and forwards it.  clone copies the
 *      record to the new cage, so each cage knows the handlers it inherits.
 *   3. The innermost cage finally execs the path "%}".  The clamp catches
 *      it: for each file call the inner chain handles for that cage, it
 *      points an "alt" number of its own table at the inner handler and
 *      points the cage's entry at its own routing handler; then it execs
 *      argv[1..] (the program) in the cage.
 *   4. A routing handler decides by path (component-wise prefix match) or
 *      by fd (which side opened it): inner -> make_threei_call(alt), outer
 *      -> lind_grate_forward(nr).
 */
#include <errno.h>
#include <lind_grate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NAME "fs-routing-clamp"

#define H(name)                                                                                    \
    static int name(uint64_t grate, uint64_t a1, uint64_t a1c, uint64_t a2, uint64_t a2c,          \
                    uint64_t a3, uint64_t a3c, uint64_t a4, uint64_t a4c, uint64_t a5, uint64_t a5c, \
                    uint64_t a6, uint64_t a6c)
#define ARGS a1, a1c, a2, a2c, a3, a3c, a4, a4c, a5, a5c, a6, a6c
#define FORWARD(nr) lind_grate_forward(nr, grate, ARGS)

/* Linux values, as they cross the wire. */
#define L_AT_FDCWD (-100)
#define L_AT_EMPTY_PATH 0x1000
#define L_F_DUPFD 0
#define L_F_DUPFD_CLOEXEC 1030

#define PATH_MAX_ 4096
#define MAX_CAGES 4096
#define ALT_FIRST 1500 /* alt numbers: 1500..1899 (tables hold 0..2047) */
#define ALT_LAST 1899

enum { OUTER = 0, INNER = 1 };

/* The calls the clamp routes. kind: how the call names its file. */
enum kind {
    K_PATH,    /* path in a1 */
    K_PATH2,   /* paths in a1 and a2 (rename, link) */
    K_SYMLINK, /* a1 is the link's contents, path in a2 */
    K_AT,      /* dirfd a1, path a2 */
    K_AT2,     /* dirfd a1, path a2, dirfd a3, path a4 */
    K_SYMLINKAT, /* contents a1, dirfd a2, path a3 */
    K_FD,      /* fd a1 */
    K_CWD,     /* getcwd */
};
struct call {
    uint64_t nr;
    enum kind kind;
    int makes_fd; /* returns a new fd */
};
static const struct call calls[] = {
    {LIND_SYS_open, K_PATH, 1},       {LIND_SYS_creat, K_PATH, 1},      {LIND_SYS_stat, K_PATH, 0},
    {LIND_SYS_lstat, K_PATH, 0},      {LIND_SYS_access, K_PATH, 0},     {LIND_SYS_truncate, K_PATH, 0},
    {LIND_SYS_chdir, K_PATH, 0},      {LIND_SYS_mkdir, K_PATH, 0},      {LIND_SYS_rmdir, K_PATH, 0},
    {LIND_SYS_unlink, K_PATH, 0},     {LIND_SYS_readlink, K_PATH, 0},   {LIND_SYS_chmod, K_PATH, 0},
    {LIND_SYS_chown, K_PATH, 0},      {LIND_SYS_lchown, K_PATH, 0},     {LIND_SYS_mknod, K_PATH, 0},
    {LIND_SYS_statfs, K_PATH, 0},     {LIND_SYS_rename, K_PATH2, 0},    {LIND_SYS_link, K_PATH2, 0},
    {LIND_SYS_symlink, K_SYMLINK, 0}, {LIND_SYS_openat, K_AT, 1},       {LIND_SYS_mkdirat, K_AT, 0},
    {LIND_SYS_mknodat, K_AT, 0},      {LIND_SYS_fchownat, K_AT, 0},     {LIND_SYS_newfstatat, K_AT, 0},
    {LIND_SYS_unlinkat, K_AT, 0},     {LIND_SYS_readlinkat, K_AT, 0},   {LIND_SYS_fchmodat, K_AT, 0},
    {LIND_SYS_faccessat, K_AT, 0},    {LIND_SYS_utimensat, K_AT, 0},    {LIND_SYS_renameat, K_AT2, 0},
    {LIND_SYS_renameat2, K_AT2, 0},   {LIND_SYS_linkat, K_AT2, 0},      {LIND_SYS_symlinkat, K_SYMLINKAT, 0},
    {LIND_SYS_read, K_FD, 0},         {LIND_SYS_write, K_FD, 0},        {LIND_SYS_close, K_FD, 0},
    {LIND_SYS_fstat, K_FD, 0},        {LIND_SYS_lseek, K_FD, 0},        {LIND_SYS_pread64, K_FD, 0},
    {LIND_SYS_pwrite64, K_FD, 0},     {LIND_SYS_readv, K_FD, 0},        {LIND_SYS_writev, K_FD, 0},
    {LIND_SYS_preadv, K_FD, 0},       {LIND_SYS_pwritev, K_FD, 0},      {LIND_SYS_fsync, K_FD, 0},
    {LIND_SYS_fdatasync, K_FD, 0},    {LIND_SYS_ftruncate, K_FD, 0},    {LIND_SYS_fchdir, K_FD, 0},
    {LIND_SYS_fchmod, K_FD, 0},       {LIND_SYS_fchown, K_FD, 0},       {LIND_SYS_fstatfs, K_FD, 0},
    {LIND_SYS_getdents64, K_FD, 0},   {LIND_SYS_fallocate, K_FD, 0},    {LIND_SYS_flock, K_FD, 0},
    {LIND_SYS_fadvise64, K_FD, 0},    {LIND_SYS_dup, K_FD, 1},          {LIND_SYS_dup2, K_FD, 1},
    {LIND_SYS_dup3, K_FD, 1},         {LIND_SYS_fcntl, K_FD, 0},        {LIND_SYS_getcwd, K_CWD, 0},
};
#define NCALLS ((int)(sizeof calls / sizeof calls[0]))

/* Per cage. */
struct cage {
    /* The inner chain's handler for each call, as the cage's table holds
     * it (recorded from register_handler, inherited on clone). */
    uint64_t in_grate[NCALLS];
    uint64_t in_fn[NCALLS];
    /* Set at the boundary: the alt number reaching in_* (0: none). */
    int clamped;
    uint16_t alt[NCALLS];
    /* Lexical cwd of each side (NULL: unknown), and the side the cage's
     * last chdir went to (its cwd is the cage's cwd). */
    char *cwd[2];
    int cwd_side;
};
static struct cage *cages[MAX_CAGES];

static char prefix[PATH_MAX_];
static size_t prefix_len;
static int log_on;
static uint64_t me;

/* alt number -> (grate, fn), shared by every cage. */
static struct {
    uint64_t grate, fn;
} alts[ALT_LAST - ALT_FIRST + 1];
static int nalts;

static int call_index(uint64_t nr) {
    for (int i = 0; i < NCALLS; i++)
        if (calls[i].nr == nr) return i;
    return -1;
}

static struct cage *get(uint64_t cage) { return cage < MAX_CAGES ? cages[cage] : NULL; }

static struct cage *get_or_make(uint64_t cage) {
    if (cage >= MAX_CAGES) return NULL;
    if (!cages[cage]) cages[cage] = calloc(1, sizeof(struct cage));
    return cages[cage];
}

static void drop(uint64_t cage) {
    struct cage *c = get(cage);
    if (!c) return;
    free(c->cwd[0]);
    free(c->cwd[1]);
    free(c);
    cages[cage] = NULL;
    lind_grate_fdtable_drop(cage);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* ---- paths -------------------------------------------------------------- */

/* Normalises `in` (absolute, or relative to `base`, which is absolute)
 * lexically into out: no ".", "..", repeated or trailing slashes. 0, or
 * -ENAMETOOLONG. */
static int normalise(const char *base, const char *in, char *out, size_t outlen) {
    char tmp[2 * PATH_MAX_ + 2];
    if (in[0] == '/' || !base) snprintf(tmp, sizeof tmp, "%s", in);
    else if (snprintf(tmp, sizeof tmp, "%s/%s", base, in) >= (int)sizeof tmp) return -ENAMETOOLONG;
    size_t n = 0;
    out[0] = 0;
    for (char *s = tmp;;) {
        while (*s == '/') s++;
        if (!*s) break;
        char *e = s;
        while (*e && *e != '/') e++;
        size_t l = (size_t)(e - s);
        if (l == 1 && s[0] == '.') {
        } else if (l == 2 && s[0] == '.' && s[1] == '.') {
            while (n > 0 && out[n - 1] != '/') n--;
            if (n > 0) n--; /* the slash */
            out[n] = 0;
        } else {
            if (n + 1 + l + 1 > outlen) return -ENAMETOOLONG;
            out[n++] = '/';
            memcpy(out + n, s, l);
            n += l;
            out[n] = 0;
        }
        s = e;
    }
    if (n == 0) {
        out[0] = '/';
        out[1] = 0;
    }
    return 0;
}

/* Whether normalised absolute path p is the prefix or below it, by whole
 * components: /tmp matches /tmp and /tmp/x, not /tmpx. */
static int under_prefix(const char *p) {
    if (prefix_len == 1) return 1; /* "/" */
    return strncmp(p, prefix, prefix_len) == 0 && (p[prefix_len] == 0 || p[prefix_len] == '/');
}

static int fd_side(uint64_t cage, int64_t fd) {
    uint64_t v;
    if (fd < 0 || fd >= LIND_GRATE_FD_MAX) return OUTER;
    return lind_grate_fdtable_get(cage, (int)fd, &v) == 0 && v ? INNER : OUTER;
}

static void set_fd_side(uint64_t cage, int64_t fd, int side) {
    if (fd < 0 || fd >= LIND_GRATE_FD_MAX) return;
    if (side == INNER) lind_grate_fdtable_set(cage, (int)fd, 1);
    else lind_grate_fdtable_remove(cage, (int)fd);
}

/* The side a path call goes to: the path (addr in cage pc) taken relative
 * to dirfd (L_AT_FDCWD: the cwd). *resolved gets the normalised path when
 * it is known ("" otherwise). A side, or -errno. */
static int path_side(uint64_t cage, int64_t dirfd, uint64_t addr, uint64_t pc, char *resolved) {
    char p[PATH_MAX_];
    resolved[0] = 0;
    if (addr == 0) return fd_side(cage, dirfd); /* utimensat(fd, NULL, ...) */
    int r = lind_grate_read_string(pc, addr, p, sizeof p);
    if (r < 0) return r == -EINVAL ? -ENAMETOOLONG : r;
    if (p[0] == '/') {
        if ((r = normalise(NULL, p, resolved, PATH_MAX_)) < 0) return r;
        return under_prefix(resolved) ? INNER : OUTER;
    }
    if (dirfd != L_AT_FDCWD || p[0] == 0) return fd_side(cage, dirfd);
    struct cage *c = get(cage);
    if (!c) return OUTER;
    const char *cwd = c->cwd[c->cwd_side];
    if (!cwd) return c->cwd_side; /* after fchdir: the side it went to */
    if ((r = normalise(cwd, p, resolved, PATH_MAX_)) < 0) return r;
    int side = under_prefix(resolved) ? INNER : OUTER;
    /* The destination resolves the relative path against its own cwd:
     * only right if that is the cage's cwd. */
    if (side != c->cwd_side && (!c->cwd[side] || strcmp(c->cwd[side], cwd) != 0)) return -EXDEV;
    return side;
}

/* ---- routing ------------------------------------------------------------ */

static int go(int side, int idx, uint64_t grate, uint64_t a1, uint64_t a1c, uint64_t a2, uint64_t a2c,
              uint64_t a3, uint64_t a3c, uint64_t a4, uint64_t a4c, uint64_t a5, uint64_t a5c, uint64_t a6,
              uint64_t a6c) {
    struct cage *c = get(a1c);
    int alt = side == INNER && c ? c->alt[idx] : 0;
    if (log_on)
        fprintf(stderr, NAME ": cage %llu call %llu -> %s\n", (unsigned long long)a1c,
                (unsigned long long)calls[idx].nr, alt ? "inner" : "outer");
    if (alt) return make_threei_call((unsigned)alt, 0, grate, a1c, ARGS, TRANSLATE_ERRNO_OFF);
    return lind_grate_forward(calls[idx].nr, grate, ARGS);
}

static int route(uint64_t nr, uint64_t grate, uint64_t a1, uint64_t a1c, uint64_t a2, uint64_t a2c,
                 uint64_t a3, uint64_t a3c, uint64_t a4, uint64_t a4c, uint64_t a5, uint64_t a5c,
                 uint64_t a6, uint64_t a6c) {
    int idx = call_index(nr);
    uint64_t cage = a1c;
    char resolved[PATH_MAX_], resolved2[PATH_MAX_];
    resolved[0] = 0;
    int side = OUTER, side2;
    switch (calls[idx].kind) {
    case K_PATH:
        side = path_side(cage, L_AT_FDCWD, a1, a1c, resolved);
        break;
    case K_PATH2:
        side = path_side(cage, L_AT_FDCWD, a1, a1c, resolved);
        side2 = path_side(cage, L_AT_FDCWD, a2, a2c, resolved2);
        if (side >= 0 && side2 >= 0 && side != side2) return -EXDEV;
        if (side2 < 0) side = side2;
        break;
    case K_SYMLINK:
        side = path_side(cage, L_AT_FDCWD, a2, a2c, resolved);
        break;
    case K_AT:
        side = path_side(cage, (int32_t)a1, a2, a2c, resolved);
        if (nr == LIND_SYS_newfstatat && (a4 & L_AT_EMPTY_PATH) && side >= 0 && !resolved[0])
            side = fd_side(cage, (int32_t)a1);
        break;
    case K_AT2:
        side = path_side(cage, (int32_t)a1, a2, a2c, resolved);
        side2 = path_side(cage, (int32_t)a3, a4, a4c, resolved2);
        if (side >= 0 && side2 >= 0 && side != side2) return -EXDEV;
        if (side2 < 0) side = side2;
        break;
    case K_SYMLINKAT:
        side = path_side(cage, (int32_t)a2, a3, a3c, resolved);
        break;
    case K_FD:
        side = fd_side(cage, (int32_t)a1);
        break;
    case K_CWD: {
        struct cage *c = get(cage);
        side = c ? c->cwd_side : OUTER;
        break;
    }
    }
    if (side < 0) return side;

    if (nr == LIND_SYS_dup2 || nr == LIND_SYS_dup3) {
        int64_t oldfd = (int32_t)a1, newfd = (int32_t)a2;
        /* A kernel fd put over an inner one: close the inner one first. */
        if (oldfd != newfd && side == OUTER && fd_side(cage, newfd) == INNER) {
            struct cage *c = get(cage);
            int ci = call_index(LIND_SYS_close);
            if (c && c->alt[ci])
                make_threei_call(c->alt[ci], 0, grate, cage, (uint64_t)newfd, cage, 0, 0, 0, 0, 0, 0, 0,
                                 0, 0, 0, TRANSLATE_ERRNO_OFF);
            set_fd_side(cage, newfd, OUTER);
        }
    }

    int r = go(side, idx, grate, ARGS);

    if (r >= 0 && (calls[idx].makes_fd ||
                   (nr == LIND_SYS_fcntl && ((int32_t)a2 == L_F_DUPFD || (int32_t)a2 == L_F_DUPFD_CLOEXEC))))
        set_fd_side(cage, r, side);
    if (nr == LIND_SYS_close && r >= 0) set_fd_side(cage, (int32_t)a1, OUTER);
    if (r >= 0 && (nr == LIND_SYS_chdir || nr == LIND_SYS_fchdir)) {
        struct cage *c = get(cage);
        if (c) {
            /* Mirror a chdir onto the other side when that side reads the
             * path the same way (absolute, or its cwd is the cage's), so
             * both keep agreeing on relative paths where they can. */
            int other = 1 - side;
            const char *cur = c->cwd[c->cwd_side];
            int same = c->cwd[other] && cur && strcmp(c->cwd[other], cur) == 0;
            char first = 0;
            if (nr == LIND_SYS_chdir) lind_grate_read(a1c, a1, &first, 1);
            if (nr == LIND_SYS_chdir && resolved[0] && (first == '/' || same) &&
                (other == OUTER || c->alt[idx]) && go(other, idx, grate, ARGS) >= 0) {
                free(c->cwd[other]);
                c->cwd[other] = strdup(resolved);
            }
            free(c->cwd[side]);
            c->cwd[side] = nr == LIND_SYS_chdir && resolved[0] ? strdup(resolved) : NULL;
            c->cwd_side = side;
        }
    }
    return r;
}

/* One handler per routed call (the handler does not learn its number). */
#define ROUTE(nr_, fn)                                                                             \
    H(fn) { return route(nr_, grate, ARGS); }
ROUTE(LIND_SYS_open, r_open)
ROUTE(LIND_SYS_creat, r_creat)
ROUTE(LIND_SYS_stat, r_stat)
ROUTE(LIND_SYS_lstat, r_lstat)
ROUTE(LIND_SYS_access, r_access)
ROUTE(LIND_SYS_truncate, r_truncate)
ROUTE(LIND_SYS_chdir, r_chdir)
ROUTE(LIND_SYS_mkdir, r_mkdir)
ROUTE(LIND_SYS_rmdir, r_rmdir)
ROUTE(LIND_SYS_unlink, r_unlink)
ROUTE(LIND_SYS_readlink, r_readlink)
ROUTE(LIND_SYS_chmod, r_chmod)
ROUTE(LIND_SYS_chown, r_chown)
ROUTE(LIND_SYS_lchown, r_lchown)
ROUTE(LIND_SYS_mknod, r_mknod)
ROUTE(LIND_SYS_statfs, r_statfs)
ROUTE(LIND_SYS_rename, r_rename)
ROUTE(LIND_SYS_link, r_link)
ROUTE(LIND_SYS_symlink, r_symlink)
ROUTE(LIND_SYS_openat, r_openat)
ROUTE(LIND_SYS_mkdirat, r_mkdirat)
ROUTE(LIND_SYS_mknodat, r_mknodat)
ROUTE(LIND_SYS_fchownat, r_fchownat)
ROUTE(LIND_SYS_newfstatat, r_newfstatat)
ROUTE(LIND_SYS_unlinkat, r_unlinkat)
ROUTE(LIND_SYS_readlinkat, r_readlinkat)
ROUTE(LIND_SYS_fchmodat, r_fchmodat)
ROUTE(LIND_SYS_faccessat, r_faccessat)
ROUTE(LIND_SYS_utimensat, r_utimensat)
ROUTE(LIND_SYS_renameat, r_renameat)
ROUTE(LIND_SYS_renameat2, r_renameat2)
ROUTE(LIND_SYS_linkat, r_linkat)
ROUTE(LIND_SYS_symlinkat, r_symlinkat)
ROUTE(LIND_SYS_read, r_read)
ROUTE(LIND_SYS_write, r_write)
ROUTE(LIND_SYS_close, r_close)
ROUTE(LIND_SYS_fstat, r_fstat)
ROUTE(LIND_SYS_lseek, r_lseek)
ROUTE(LIND_SYS_pread64, r_pread64)
ROUTE(LIND_SYS_pwrite64, r_pwrite64)
ROUTE(LIND_SYS_readv, r_readv)
ROUTE(LIND_SYS_writev, r_writev)
ROUTE(LIND_SYS_preadv, r_preadv)
ROUTE(LIND_SYS_pwritev, r_pwritev)
ROUTE(LIND_SYS_fsync, r_fsync)
ROUTE(LIND_SYS_fdatasync, r_fdatasync)
ROUTE(LIND_SYS_ftruncate, r_ftruncate)
ROUTE(LIND_SYS_fchdir, r_fchdir)
ROUTE(LIND_SYS_fchmod, r_fchmod)
ROUTE(LIND_SYS_fchown, r_fchown)
ROUTE(LIND_SYS_fstatfs, r_fstatfs)
ROUTE(LIND_SYS_getdents64, r_getdents64)
ROUTE(LIND_SYS_fallocate, r_fallocate)
ROUTE(LIND_SYS_flock, r_flock)
ROUTE(LIND_SYS_fadvise64, r_fadvise64)
ROUTE(LIND_SYS_dup, r_dup)
ROUTE(LIND_SYS_dup2, r_dup2)
ROUTE(LIND_SYS_dup3, r_dup3)
ROUTE(LIND_SYS_fcntl, r_fcntl)
ROUTE(LIND_SYS_getcwd, r_getcwd)

/* In the order of calls[]. */
static const lind_grate_handler routers[NCALLS] = {
    r_open,      r_creat,     r_stat,       r_lstat,      r_access,     r_truncate,   r_chdir,
    r_mkdir,     r_rmdir,     r_unlink,     r_readlink,   r_chmod,      r_chown,      r_lchown,
    r_mknod,     r_statfs,    r_rename,     r_link,       r_symlink,    r_openat,     r_mkdirat,
    r_mknodat,   r_fchownat,  r_newfstatat, r_unlinkat,   r_readlinkat, r_fchmodat,   r_faccessat,
    r_utimensat, r_renameat,  r_renameat2,  r_linkat,     r_symlinkat,  r_read,       r_write,
    r_close,     r_fstat,     r_lseek,      r_pread64,    r_pwrite64,   r_readv,      r_writev,
    r_preadv,    r_pwritev,   r_fsync,      r_fdatasync,  r_ftruncate,  r_fchdir,     r_fchmod,
    r_fchown,    r_fstatfs,   r_getdents64, r_fallocate,  r_flock,      r_fadvise64,  r_dup,
    r_dup2,      r_dup3,      r_fcntl,      r_getcwd,
};
_Static_assert(sizeof routers / sizeof routers[0] == NCALLS, "routers[] must follow calls[]");

/* ---- the boundary --------------------------------------------------------- */

/* The alt number in the clamp's own table that reaches (grate, fn):
 * one per distinct inner handler. 0 if none is left or it fails. */
static int alt_for(uint64_t grate, uint64_t fn) {
    for (int i = 0; i < nalts; i++)
        if (alts[i].grate == grate && alts[i].fn == fn) return ALT_FIRST + i;
    if (nalts > ALT_LAST - ALT_FIRST) return 0;
    int alt = ALT_FIRST + nalts;
    int r = register_handler(me, (uint64_t)alt, grate, fn);
    if (r < 0) {
        fprintf(stderr, NAME ": register_handler(%llu, %d, %llu, %llu): %s\n", (unsigned long long)me, alt,
                (unsigned long long)grate, (unsigned long long)fn, strerror(-r));
        return 0;
    }
    alts[nalts].grate = grate;
    alts[nalts].fn = fn;
    nalts++;
    return alt;
}

/* The cage execs "%}": route its file calls, then exec argv[1..]. */
static int boundary(uint64_t grate, uint64_t cage, uint64_t argv, uint64_t argvc, uint64_t envp,
                    uint64_t envpc) {
    uint32_t prog = 0;
    if (argv == 0 || lind_grate_read(argvc, argv + 4, &prog, sizeof prog) < 0 || prog == 0) {
        fprintf(stderr, NAME ": nothing to run after %%}\n");
        return -EINVAL;
    }
    struct cage *c = get_or_make(cage);
    if (!c) return -ENOMEM;
    if (!c->clamped) {
        /* The cwds: the kernel's as it is now; the inner chain's is
         * taken to be "/" (imfs starts every cage there). */
        char buf[PATH_MAX_];
        int r = make_threei_call(LIND_SYS_getcwd, 0, grate, cage, (uint64_t)(uintptr_t)buf, grate, sizeof buf,
                                 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
        free(c->cwd[OUTER]);
        free(c->cwd[INNER]);
        c->cwd[OUTER] = strdup(r >= 0 && buf[0] == '/' ? buf : "/");
        c->cwd[INNER] = strdup("/");
        /* A relative path then resolving to the inner side works while
         * the cage's cwd is "/" (both sides agree); otherwise EXDEV until
         * the cage chdirs (README "Limits"). */
        c->cwd_side = OUTER;
    }
    for (int i = 0; i < NCALLS; i++) {
        c->alt[i] = 0;
        if (!c->in_grate[i]) continue;
        int alt = alt_for(c->in_grate[i], c->in_fn[i]);
        if (!alt) return -ENOSPC;
        c->alt[i] = (uint16_t)alt;
    }
    for (int i = 0; i < NCALLS; i++) {
        /* chdir is always watched (the cwd decides relative paths). */
        if (!c->alt[i] && calls[i].nr != LIND_SYS_chdir && calls[i].nr != LIND_SYS_fchdir) continue;
        int r = register_handler(cage, calls[i].nr, me, (uint64_t)(uintptr_t)routers[i]);
        if (r < 0) {
            fprintf(stderr, NAME ": register_handler(%llu, %llu, ...): %s\n", (unsigned long long)cage,
                    (unsigned long long)calls[i].nr, strerror(-r));
            return r;
        }
    }
    c->clamped = 1;
    if (log_on) fprintf(stderr, NAME ": cage %llu clamped\n", (unsigned long long)cage);
    return make_threei_call(LIND_SYS_execve, 0, grate, cage, prog, argvc, argv + 4, argvc, envp, envpc, 0, 0, 0,
                            0, 0, 0, TRANSLATE_ERRNO_OFF);
}

/* ---- lifecycle handlers (on the inner chain's first cage) ---------------- */

H(h_execve) {
    char path[8];
    if (lind_grate_read_string(a1c, a1, path, sizeof path) == 0 &&
        (strcmp(path, "%}") == 0 || strcmp(path, "%>") == 0))
        return boundary(grate, a1c, a2, a2c, a3, a3c);
    return FORWARD(LIND_SYS_execve);
}

H(h_clone) {
    int r = FORWARD(LIND_SYS_clone);
    if (r > 0) {
        uint64_t child = (uint64_t)r;
        struct cage *p = get(a1c);
        if (p && child < MAX_CAGES) {
            drop(child);
            struct cage *c = get_or_make(child);
            if (c) {
                *c = *p;
                c->cwd[0] = dup_or_null(p->cwd[0]);
                c->cwd[1] = dup_or_null(p->cwd[1]);
            }
        }
        lind_grate_fdtable_fork(a1c, child);
    }
    return r;
}

H(h_exit_group) {
    drop(a1c);
    return FORWARD(LIND_SYS_exit_group);
}

/* register_handler (glibc-shim/README.md "The 3i calls"): a1 the table's
 * cage, a1c the number, a2c the handler's cage, a3 the handler. */
H(h_register_handler) {
    uint64_t table = a1, nr = a1c, hcage = a2c, fn = a3;
    if (table == 0) return -EINVAL; /* "the caller": unknown here */
    int r = make_threei_call(LIND_SYS_register_handler, 0, grate, table, ARGS, TRANSLATE_ERRNO_OFF);
    int idx = call_index(nr);
    if (r == 0 && idx >= 0 && hcage != me) {
        struct cage *c = get_or_make(table);
        if (c) {
            c->in_grate[idx] = hcage == LIND_THREEI_DEREGISTER ? 0 : hcage;
            c->in_fn[idx] = hcage == LIND_THREEI_DEREGISTER ? 0 : fn;
        }
    }
    return r;
}

/* ---- arguments ------------------------------------------------------------ */

static int usage(const char *why) {
    if (why) fprintf(stderr, NAME ": %s\n", why);
    fprintf(stderr, "usage: " NAME " [--log] --prefix PATH %%{ GRATE [ARGS]... %%} PROGRAM [ARGS...]\n"
                    "       (%%< ... %%> is accepted for %%{ ... %%})\n");
    return 1;
}

static int is_open(const char *s) { return strcmp(s, "%{") == 0 || strcmp(s, "%<") == 0; }
static int is_close(const char *s) { return strcmp(s, "%}") == 0 || strcmp(s, "%>") == 0; }
static const char *closer_of(const char *open) { return open[1] == '{' ? "%}" : "%>"; }

int main(int argc, char **argv) {
    const char *pfx = NULL;
    int i = 1;
    for (; i < argc && !is_open(argv[i]); i++) {
        if (strcmp(argv[i], "--prefix") == 0) {
            if (++i >= argc) return usage("--prefix needs a path");
            pfx = argv[i];
        } else if (strncmp(argv[i], "--prefix=", 9) == 0) {
            pfx = argv[i] + 9;
        } else if (strcmp(argv[i], "--log") == 0) {
            log_on = 1;
        } else if (is_close(argv[i])) {
            fprintf(stderr, NAME ": '%s' without an opening marker\n", argv[i]);
            return usage(NULL);
        } else {
            fprintf(stderr, NAME ": unknown option '%s'\n", argv[i]);
            return usage(NULL);
        }
    }
    if (!pfx) return usage("--prefix is required");
    if (pfx[0] != '/') return usage("--prefix must be an absolute path");
    if (normalise(NULL, pfx, prefix, sizeof prefix) < 0) return usage("--prefix is too long");
    prefix_len = strlen(prefix);
    if (i >= argc) return usage("missing the inner chain: '%{ ... %}'");

    /* Find the marker closing ours, nested pairs matched by kind. */
    const char *stack[64];
    int depth = 0, open_at = i, close_at = -1;
    stack[depth++] = argv[i];
    for (int j = i + 1; j < argc; j++) {
        if (is_open(argv[j])) {
            if (depth == 64) return usage("inner chains nested too deeply");
            stack[depth++] = argv[j];
        } else if (is_close(argv[j])) {
            if (strcmp(argv[j], closer_of(stack[depth - 1])) != 0) {
                fprintf(stderr, NAME ": '%s' (argument %d) does not close '%s'\n", argv[j], j, stack[depth - 1]);
                return usage(NULL);
            }
            if (--depth == 0) {
                close_at = j;
                break;
            }
        }
    }
    if (close_at < 0) {
        fprintf(stderr, NAME ": unterminated inner chain: '%s' (argument %d) has no matching '%s'\n",
                argv[open_at], open_at, closer_of(stack[depth - 1]));
        return usage(NULL);
    }
    if (close_at == argc - 1) return usage("no program after the inner chain");

    me = (uint64_t)getpid();
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_execve, h_execve);
    lind_grate_register(&g, LIND_SYS_clone, h_clone);
    lind_grate_register(&g, LIND_SYS_exit_group, h_exit_group);
    lind_grate_register(&g, LIND_SYS_register_handler, h_register_handler);
    /* The child runs the inner chain; its last cage execs "%}" ... */
    return lind_grate_run(&g, &argv[open_at + 1]);
}
