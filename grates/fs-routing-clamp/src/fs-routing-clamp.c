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

#include "clamp.h"

#define NAME "fs-routing-clamp"

/* Linux values, as they cross the wire. */
#define L_AT_FDCWD (-100)
#define L_AT_EMPTY_PATH 0x1000

#define PATH_MAX_ 4096
#define ALT_FIRST 1500 /* alt numbers: 1500..1899 (tables hold 0..2047) */
#define ALT_LAST 1899

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

/* Per cage, the clamp's own part (clamp.h keeps the recorded handlers). */
struct fs_cage {
    /* Lexical cwd of each side (NULL: unknown), and the side the cage's
     * last chdir went to (its cwd is the cage's cwd). */
    char *cwd[2];
    int cwd_side;
};

static char prefix[PATH_MAX_];
static size_t prefix_len;
static int log_on;

static uint64_t nr_of(int i) { return calls[i].nr; }

static struct fs_cage *get(uint64_t cage) {
    struct clamp_cage *c = clamp_get(cage);
    return c ? c->priv : NULL;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void clone_priv(void *child, const void *parent) {
    struct fs_cage *c = child;
    const struct fs_cage *p = parent;
    c->cwd[0] = dup_or_null(p->cwd[0]);
    c->cwd[1] = dup_or_null(p->cwd[1]);
}

static void drop_priv(void *priv) {
    struct fs_cage *c = priv;
    free(c->cwd[0]);
    free(c->cwd[1]);
}

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

/* The side a path call goes to: the path (addr in cage pc) taken relative
 * to dirfd (L_AT_FDCWD: the cwd). *resolved gets the normalised path when
 * it is known ("" otherwise). A side, or -errno. */
static int path_side(uint64_t cage, int64_t dirfd, uint64_t addr, uint64_t pc, char *resolved) {
    char p[PATH_MAX_];
    resolved[0] = 0;
    if (addr == 0) return clamp_fd_side(cage, dirfd); /* utimensat(fd, NULL, ...) */
    int r = lind_grate_read_string(pc, addr, p, sizeof p);
    if (r < 0) return r == -EINVAL ? -ENAMETOOLONG : r;
    if (p[0] == '/') {
        if ((r = normalise(NULL, p, resolved, PATH_MAX_)) < 0) return r;
        return under_prefix(resolved) ? INNER : OUTER;
    }
    if (dirfd != L_AT_FDCWD || p[0] == 0) return clamp_fd_side(cage, dirfd);
    struct fs_cage *c = get(cage);
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

static int route(uint64_t nr, LIND_GRATE_PARAMS) {
    int idx = clamp_slot(nr);
    uint64_t cage = a1cage;
    char resolved[PATH_MAX_], resolved2[PATH_MAX_];
    resolved[0] = 0;
    int side = OUTER, side2;
    switch (calls[idx].kind) {
    case K_PATH:
        side = path_side(cage, L_AT_FDCWD, a1, a1cage, resolved);
        break;
    case K_PATH2:
        side = path_side(cage, L_AT_FDCWD, a1, a1cage, resolved);
        side2 = path_side(cage, L_AT_FDCWD, a2, a2cage, resolved2);
        if (side >= 0 && side2 >= 0 && side != side2) return -EXDEV;
        if (side2 < 0) side = side2;
        break;
    case K_SYMLINK:
        side = path_side(cage, L_AT_FDCWD, a2, a2cage, resolved);
        break;
    case K_AT:
        side = path_side(cage, (int32_t)a1, a2, a2cage, resolved);
        if (nr == LIND_SYS_newfstatat && (a4 & L_AT_EMPTY_PATH) && side >= 0 && !resolved[0])
            side = clamp_fd_side(cage, (int32_t)a1);
        break;
    case K_AT2:
        side = path_side(cage, (int32_t)a1, a2, a2cage, resolved);
        side2 = path_side(cage, (int32_t)a3, a4, a4cage, resolved2);
        if (side >= 0 && side2 >= 0 && side != side2) return -EXDEV;
        if (side2 < 0) side = side2;
        break;
    case K_SYMLINKAT:
        side = path_side(cage, (int32_t)a2, a3, a3cage, resolved);
        break;
    case K_FD:
        side = clamp_fd_side(cage, (int32_t)a1);
        break;
    case K_CWD: {
        struct fs_cage *c = get(cage);
        side = c ? c->cwd_side : OUTER;
        break;
    }
    }
    if (side < 0) return side;

    clamp_before_dup2(nr, side, grate, cage, a1, a2);

    int r = clamp_go(side, idx, nr, LIND_GRATE_ARGS);

    clamp_after(nr, calls[idx].makes_fd, side, r, cage, a1, a2);
    if (r >= 0 && (nr == LIND_SYS_chdir || nr == LIND_SYS_fchdir)) {
        struct fs_cage *c = get(cage);
        if (c) {
            /* Mirror a chdir onto the other side when that side reads the
             * path the same way (absolute, or its cwd is the cage's), so
             * both keep agreeing on relative paths where they can. */
            int other = 1 - side;
            const char *cur = c->cwd[c->cwd_side];
            int same = c->cwd[other] && cur && strcmp(c->cwd[other], cur) == 0;
            char first = 0;
            if (nr == LIND_SYS_chdir) lind_grate_read(a1cage, a1, &first, 1);
            if (nr == LIND_SYS_chdir && resolved[0] && (first == '/' || same) &&
                (other == OUTER || clamp_get(cage)->alt[idx]) && clamp_go(other, idx, nr, LIND_GRATE_ARGS) >= 0) {
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

/* One handler per routed call (ROUTE: clamp.h). */
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

/* Before the first clamping: the cwds, the kernel's as it is now; the
 * inner chain's is taken to be "/" (imfs starts every cage there). */
static void prepare(uint64_t grate, uint64_t cage, void *priv) {
    struct fs_cage *c = priv;
    char buf[PATH_MAX_];
    int r = make_threei_call(LIND_SYS_getcwd, 0, grate, cage, (uint64_t)(uintptr_t)buf, grate, sizeof buf, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
    free(c->cwd[OUTER]);
    free(c->cwd[INNER]);
    c->cwd[OUTER] = strdup(r >= 0 && buf[0] == '/' ? buf : "/");
    c->cwd[INNER] = strdup("/");
    /* A relative path then resolving to the inner side works while the
     * cage's cwd is "/" (both sides agree); otherwise EXDEV until the cage
     * chdirs (README "Limits"). */
    c->cwd_side = OUTER;
}

/* chdir is always watched (the cwd decides relative paths). */
static int always(uint64_t nr) { return nr == LIND_SYS_chdir || nr == LIND_SYS_fchdir; }

/* ---- arguments ------------------------------------------------------------ */

static int usage(const char *why) {
    if (why) fprintf(stderr, NAME ": %s\n", why);
    fprintf(stderr, "usage: " NAME " [--log] --prefix PATH %%{ GRATE [ARGS]... %%} PROGRAM [ARGS...]\n"
                    "       (%%< ... %%> is accepted for %%{ ... %%})\n");
    return 1;
}

int main(int argc, char **argv) {
    const char *pfx = NULL, *why;
    int i = clamp_options(argc, argv, NAME, "--prefix", "--prefix needs a path", &pfx, &log_on, &why);
    if (i < 0) return usage(why);
    if (!pfx) return usage("--prefix is required");
    if (pfx[0] != '/') return usage("--prefix must be an absolute path");
    if (normalise(NULL, pfx, prefix, sizeof prefix) < 0) return usage("--prefix is too long");
    prefix_len = strlen(prefix);
    if (i >= argc) return usage("missing the inner chain: '%{ ... %}'");

    /* Find the marker closing ours, nested pairs matched by kind. */
    int open_at = i, close_at = clamp_match_chain(argc, argv, NAME, open_at, &why);
    if (close_at < 0) return usage(why);
    if (close_at == argc - 1) return usage("no program after the inner chain");

    struct clamp_config cfg = {
        .name = NAME, .nslots = NCALLS, .nr_of = nr_of,
        .alt_first = ALT_FIRST, .alt_last = ALT_LAST, .priv_size = sizeof(struct fs_cage),
        .angle_markers = 1, .track_fds = 1, .log = log_on, .routers = routers,
        .prepare = prepare, .always = always, .clone_priv = clone_priv, .drop_priv = drop_priv,
    };
    /* The child runs the inner chain; its last cage execs "%}" ... */
    return clamp_run(&cfg, &argv[open_at + 1]);
}
