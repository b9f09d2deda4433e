/* pathvirt.c: see pathvirt.h. */
#include "pathvirt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Linux values: arguments reach the grate as the kernel would see them. */
#define L_AT_FDCWD (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_SYMLINK_FOLLOW 0x400
#define L_AT_EMPTY_PATH 0x1000
#define L_O_CREAT 0100
#define L_O_EXCL 0200
#define L_O_NOFOLLOW 0400000
#define L_F_DUPFD 0
#define L_F_GETFD 1
#define L_F_DUPFD_CLOEXEC 1030
#define L_FD_CLOEXEC 1
#define L_CLONE_THREAD 0x10000
#define MAX_LINKS 40
#define NAME_MAX_ 255

#define ME (grate | LIND_GRATE_MEMORY_FLAG)
#define PTR(p) ((uint64_t)(uintptr_t)(p))

#define ARRS                                                                                          \
    uint64_t a[6] = {a1, a2, a3, a4, a5, a6};                                                         \
    uint64_t c[6] = {a1cage, a2cage, a3cage, a4cage, a5cage, a6cage}

static struct pv_config cfg;

/* ---- per-cage state: the virtual cwd ------------------------------------ */

#define MAX_CAGES 256
struct cage_state {
    int used;
    uint64_t cage;
    uint64_t cwd_view;
    char *cwd; /* "/" or "/a/b" */
};
static struct cage_state cages[MAX_CAGES];

#define MAX_VIEWS 256
static uint64_t prepared[MAX_VIEWS];
static int nprepared;

uint64_t pv_view_of(uint64_t cage) {
    return cfg.per_cage_view ? cage : 0;
}

static struct cage_state *cage_find(uint64_t cage, int create) {
    struct cage_state *free_slot = NULL;
    for (int i = 0; i < MAX_CAGES; i++) {
        if (cages[i].used && cages[i].cage == cage) return &cages[i];
        if (!cages[i].used && !free_slot) free_slot = &cages[i];
    }
    if (!create || !free_slot) return NULL;
    char *root = strdup("/");
    if (!root) return NULL;
    free_slot->used = 1;
    free_slot->cage = cage;
    free_slot->cwd_view = pv_view_of(cage);
    free_slot->cwd = root;
    return free_slot;
}

static int set_cwd(uint64_t cage, uint64_t view, const char *vpath) {
    struct cage_state *s = cage_find(cage, 1);
    if (!s) return -ENOMEM;
    char *p = strdup(vpath);
    if (!p) return -ENOMEM;
    free(s->cwd);
    s->cwd = p;
    s->cwd_view = view;
    return 0;
}

int pv_set_cwd(uint64_t cage, const char *vpath) {
    return set_cwd(cage, pv_view_of(cage), vpath);
}

void pv_prepare_view(uint64_t grate, uint64_t cage, uint64_t view) {
    if (!cfg.prepare) return;
    for (int i = 0; i < nprepared; i++)
        if (prepared[i] == view) return;
    cfg.prepare(grate, cage, view);
    if (nprepared < MAX_VIEWS) prepared[nprepared++] = view;
}

/* ---- per-cage fd table: fd -> the virtual directory it names ------------ */

struct fdent {
    int refs;
    uint64_t view;
    char path[]; /* normalised virtual path */
};

static struct fdent *fd_get(uint64_t cage, int fd) {
    return (struct fdent *)lind_grate_fdtable_get_ptr(cage, fd);
}

static void fd_unref(struct fdent *e) {
    if (e && --e->refs == 0) free(e);
}

static void fd_forget(uint64_t cage, int fd) {
    struct fdent *e = fd_get(cage, fd);
    if (!e) return;
    lind_grate_fdtable_remove(cage, fd);
    fd_unref(e);
}

static void fd_put(uint64_t cage, int fd, struct fdent *e) {
    fd_forget(cage, fd);
    if (!e) return;
    if (lind_grate_fdtable_set_ptr(cage, fd, e) == 0) e->refs++;
}

static void fd_track(uint64_t cage, int fd, uint64_t view, const char *vpath) {
    size_t n = strlen(vpath);
    struct fdent *e = malloc(sizeof *e + n + 1);
    fd_forget(cage, fd);
    if (!e) return; /* untracked: the fd then fails as a dirfd (EBADF/ENOTDIR) */
    e->refs = 0;
    e->view = view;
    memcpy(e->path, vpath, n + 1);
    fd_put(cage, fd, e);
    if (e->refs == 0) free(e);
}

static void fd_drop_all(uint64_t cage) {
    for (int fd = 0; fd < LIND_GRATE_FD_MAX && lind_grate_fdtable_count(cage) > 0; fd++) fd_forget(cage, fd);
    lind_grate_fdtable_drop(cage);
}

/* ---- forwarding ---------------------------------------------------------- */

int pv_call(uint64_t nr, uint64_t grate, uint64_t cage, const uint64_t a[6], const uint64_t c[6]) {
    return make_threei_call((unsigned)nr, 0, grate, cage, a[0], c[0], a[1], c[1], a[2], c[2], a[3], c[3], a[4],
                            c[4], a[5], c[5], TRANSLATE_ERRNO_OFF);
}

static int fwd_readlink(uint64_t grate, uint64_t cage, const char *real, char *buf, size_t n) {
    return make_threei_call(LIND_SYS_readlink, 0, grate, cage, PTR(real), ME, PTR(buf), ME, n, cage, 0, 0, 0, 0,
                            0, 0, TRANSLATE_ERRNO_OFF);
}

static int fwd_getfd(uint64_t grate, uint64_t cage, int fd) {
    return make_threei_call(LIND_SYS_fcntl, 0, grate, cage, (uint64_t)fd, cage, L_F_GETFD, cage, 0, cage, 0, 0,
                            0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
}

/* ---- resolution ----------------------------------------------------------- */

int pv_normalise(const char *in, char *out, size_t outsz) {
    if (in[0] != '/') return -EINVAL;
    size_t len = 0;
    out[0] = 0;
    const char *p = in;
    for (;;) {
        while (*p == '/') p++;
        if (!*p) break;
        const char *s = p;
        while (*p && *p != '/') p++;
        size_t n = (size_t)(p - s);
        if (n == 1 && s[0] == '.') continue;
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            char *sl = strrchr(out, '/');
            if (sl) *sl = 0;
            len = strlen(out);
            continue;
        }
        if (len + 1 + n + 1 > outsz) return -ENAMETOOLONG;
        out[len++] = '/';
        memcpy(out + len, s, n);
        len += n;
        out[len] = 0;
    }
    if (len == 0) {
        if (outsz < 2) return -ENAMETOOLONG;
        strcpy(out, "/");
    }
    return 0;
}

enum { M_FOLLOW, M_NOFOLLOW, M_ENTRY };

struct pv_res {
    uint64_t view;
    char vpath[PV_PATH_MAX]; /* normalised virtual path */
    int trailing_slash;
    int final_dot; /* the last component was "." or ".." */
};

static int map_real(const struct pv_res *r, char *out, size_t outsz) {
    int e = cfg.map(r->view, r->vpath, out, outsz);
    if (e) return e;
    size_t n = strlen(out);
    if (r->trailing_slash && n > 0 && out[n - 1] != '/') {
        if (n + 2 > outsz) return -ENAMETOOLONG;
        out[n] = '/';
        out[n + 1] = 0;
    }
    return 0;
}

/* Resolves path (cage's memory already copied to `path`) for cage, relative
 * to dirfd (L_AT_FDCWD: the virtual cwd). follow: whether a final symlink
 * is followed. */
static int resolve(uint64_t grate, uint64_t cage, int dirfd, const char *path, int follow, struct pv_res *o) {
    static char rest[2 * PV_PATH_MAX + 2], tmp[2 * PV_PATH_MAX + 2], link[PV_PATH_MAX], real[PV_PATH_MAX];
    size_t plen = strlen(path);
    if (plen == 0) return -ENOENT;
    if (plen >= PV_PATH_MAX) return -ENAMETOOLONG;
    o->trailing_slash = path[plen - 1] == '/';
    o->final_dot = 0;
    const char *base;
    if (path[0] == '/') {
        o->view = pv_view_of(cage);
        base = "/";
    } else if (dirfd == L_AT_FDCWD) {
        struct cage_state *s = cage_find(cage, 1);
        if (!s) return -ENOMEM;
        o->view = s->cwd_view;
        base = s->cwd;
    } else {
        struct fdent *e = dirfd >= 0 ? fd_get(cage, dirfd) : NULL;
        if (!e) {
            /* Not an fd opened on a path through this grate. */
            int r = dirfd >= 0 ? fwd_getfd(grate, cage, dirfd) : -EBADF;
            return r < 0 ? r : -ENOTDIR;
        }
        o->view = e->view;
        base = e->path;
    }
    pv_prepare_view(grate, cage, o->view);
    /* cur: the resolved prefix; root is "" while walking. */
    char *cur = o->vpath;
    strcpy(cur, strcmp(base, "/") == 0 ? "" : base);
    strcpy(rest, path);
    char *p = rest;
    int links = 0;
    for (;;) {
        while (*p == '/') p++;
        if (!*p) break;
        char *s = p;
        while (*p && *p != '/') p++;
        size_t n = (size_t)(p - s);
        char *q = p;
        while (*q == '/') q++;
        int last = *q == 0;
        if (n == 1 && s[0] == '.') {
            if (last) o->final_dot = 1;
            continue;
        }
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            char *sl = strrchr(cur, '/');
            if (sl) *sl = 0;
            if (last) o->final_dot = 1;
            continue;
        }
        if (n > NAME_MAX_) return -ENAMETOOLONG;
        size_t old = strlen(cur);
        if (old + 1 + n + 1 > PV_PATH_MAX) return -ENAMETOOLONG;
        cur[old] = '/';
        memcpy(cur + old + 1, s, n);
        cur[old + 1 + n] = 0;
        if (last && !follow && !o->trailing_slash) break;
        /* Is cur a symlink? Ask the layer below, on its real path. */
        int e = cfg.map(o->view, cur, real, sizeof real);
        if (e) return e;
        int r = fwd_readlink(grate, cage, real, link, sizeof link - 1);
        if (r >= 0) {
            if (++links > MAX_LINKS) return -ELOOP;
            if (r == 0) return -ENOENT;
            link[r] = 0;
            cur[old] = 0; /* drop the link's own name */
            if (link[0] == '/') cur[0] = 0;
            size_t ln = (size_t)r, pn = strlen(p);
            if (ln + pn + 1 > sizeof tmp) return -ENAMETOOLONG;
            memcpy(tmp, link, ln);
            memcpy(tmp + ln, p, pn + 1); /* p is "" or starts with '/' */
            strcpy(rest, tmp);
            p = rest;
            continue;
        }
        if (r == -EINVAL) continue; /* not a symlink */
        if (last) continue;         /* missing final component: the call decides */
        return r;                   /* ENOENT, ENOTDIR, EACCES... on a directory on the way */
    }
    if (!cur[0]) strcpy(cur, "/");
    return 0;
}

/* Copies the path argument from the cage. */
static int read_path(uint64_t cage, uint64_t addr, char *buf) {
    if (addr == 0) return -EFAULT;
    int r = lind_grate_read_string(cage, addr, buf, PV_PATH_MAX);
    return r == -EINVAL ? -ENAMETOOLONG : r;
}

/* One path argument: index of its dirfd (-1: none), of the path, and how a
 * final symlink is treated. */
struct parg {
    int dfd, p, mode;
};

static int is_mkdir(uint64_t nr) {
    return nr == LIND_SYS_mkdir || nr == LIND_SYS_mkdirat;
}

/* Resolves up to two path arguments of call nr, rewrites them (and their
 * dirfds) and forwards. *res1 (if given) gets the first path's resolution. */
static int path_call(uint64_t nr, uint64_t grate, uint64_t cage, uint64_t *a, uint64_t *c, struct parg p1,
                     struct parg p2, struct pv_res *res1) {
    static char in[PV_PATH_MAX], real[2][PV_PATH_MAX];
    static struct pv_res res[2];
    struct parg ps[2] = {p1, p2};
    for (int i = 0; i < 2; i++) {
        struct parg pa = ps[i];
        if (pa.p < 0) continue;
        int r = read_path(c[pa.p], a[pa.p], in);
        if (r < 0) return r;
        int dirfd = pa.dfd >= 0 ? (int)(uint32_t)a[pa.dfd] : L_AT_FDCWD;
        r = resolve(grate, cage, dirfd, in, pa.mode == M_FOLLOW, &res[i]);
        if (r < 0) return r;
        if (pa.mode == M_ENTRY) {
            /* A name to create, remove or rename: never ".", ".." or the
             * (virtual) root itself. */
            int root = strcmp(res[i].vpath, "/") == 0;
            if (res[i].final_dot || root) return is_mkdir(nr) ? -EEXIST : (root && !res[i].final_dot) ? -EBUSY : -EINVAL;
        }
        r = map_real(&res[i], real[i], sizeof real[i]);
        if (r < 0) return r;
        a[pa.p] = PTR(real[i]);
        c[pa.p] = ME;
        if (pa.dfd >= 0) a[pa.dfd] = (uint64_t)(int64_t)L_AT_FDCWD;
    }
    if (res1) *res1 = res[0];
    int ret = pv_call(nr, grate, cage, a, c);
    if (cfg.log) {
        fprintf(stderr, "%s: cage %llu call %llu: %s%s%s = %d\n", cfg.name, (unsigned long long)cage,
                (unsigned long long)nr, p1.p >= 0 ? real[0] : "", p2.p >= 0 ? " " : "", p2.p >= 0 ? real[1] : "", ret);
    }
    return ret;
}

#define P(d, i, m) ((struct parg){d, i, m})
#define NONE P(-1, -1, 0)

static int at_mode(uint64_t flags) {
    return (flags & L_AT_SYMLINK_NOFOLLOW) ? M_NOFOLLOW : M_FOLLOW;
}

/* AT_EMPTY_PATH with "": the call acts on the dirfd itself (already open,
 * already confined): forwarded unchanged. */
static int empty_path(uint64_t cage, uint64_t addr, uint64_t flags) {
    char ch;
    return (flags & L_AT_EMPTY_PATH) && addr && lind_grate_read(cage, addr, &ch, 1) == 0 && ch == 0;
}

/* ---- handlers ----------------------------------------------------------- */

static int open_mode(uint64_t flags) {
    return ((flags & L_O_NOFOLLOW) || ((flags & L_O_CREAT) && (flags & L_O_EXCL))) ? M_NOFOLLOW : M_FOLLOW;
}

LIND_GRATE_HANDLER(h_open) {
    ARRS;
    static struct pv_res r;
    int fd = path_call(LIND_SYS_open, grate, a2cage, a, c, P(-1, 0, open_mode(a2)), NONE, &r);
    if (fd >= 0) fd_track(a2cage, fd, r.view, r.vpath);
    return fd;
}

LIND_GRATE_HANDLER(h_creat) {
    ARRS;
    static struct pv_res r;
    int fd = path_call(LIND_SYS_creat, grate, a2cage, a, c, P(-1, 0, M_FOLLOW), NONE, &r);
    if (fd >= 0) fd_track(a1cage, fd, r.view, r.vpath);
    return fd;
}

LIND_GRATE_HANDLER(h_openat) {
    ARRS;
    static struct pv_res r;
    int fd = path_call(LIND_SYS_openat, grate, a1cage, a, c, P(0, 1, open_mode(a3)), NONE, &r);
    if (fd >= 0) fd_track(a1cage, fd, r.view, r.vpath);
    return fd;
}

#define H1(name, nr, dfd, pi, mode, who)                                                             \
    LIND_GRATE_HANDLER(name) {                                                                        \
        ARRS;                                                                                         \
        return path_call(nr, grate, c[who], a, c, P(dfd, pi, mode), NONE, NULL);                      \
    }

H1(h_stat, LIND_SYS_stat, -1, 0, M_FOLLOW, 1)
H1(h_lstat, LIND_SYS_lstat, -1, 0, M_NOFOLLOW, 1)
H1(h_access, LIND_SYS_access, -1, 0, M_FOLLOW, 1)
H1(h_mkdir, LIND_SYS_mkdir, -1, 0, M_ENTRY, 1)
H1(h_mkdirat, LIND_SYS_mkdirat, 0, 1, M_ENTRY, 0)
H1(h_rmdir, LIND_SYS_rmdir, -1, 0, M_ENTRY, 5)
H1(h_unlink, LIND_SYS_unlink, -1, 0, M_ENTRY, 5)
H1(h_unlinkat, LIND_SYS_unlinkat, 0, 1, M_ENTRY, 0)
H1(h_readlink, LIND_SYS_readlink, -1, 0, M_NOFOLLOW, 1)
H1(h_readlinkat, LIND_SYS_readlinkat, 0, 1, M_NOFOLLOW, 0)
H1(h_truncate, LIND_SYS_truncate, -1, 0, M_FOLLOW, 1)
H1(h_chmod, LIND_SYS_chmod, -1, 0, M_FOLLOW, 1)
H1(h_chown, LIND_SYS_chown, -1, 0, M_FOLLOW, 1)
H1(h_lchown, LIND_SYS_lchown, -1, 0, M_NOFOLLOW, 1)
H1(h_mknod, LIND_SYS_mknod, -1, 0, M_ENTRY, 1)
H1(h_mknodat, LIND_SYS_mknodat, 0, 1, M_ENTRY, 0)
H1(h_statfs, LIND_SYS_statfs, -1, 0, M_FOLLOW, 1)
H1(h_symlink, LIND_SYS_symlink, -1, 1, M_ENTRY, 5)     /* the target (a1) is stored as given */
H1(h_symlinkat, LIND_SYS_symlinkat, 1, 2, M_ENTRY, 1)

LIND_GRATE_HANDLER(h_newfstatat) {
    ARRS;
    if (empty_path(a2cage, a2, a4)) return LIND_GRATE_FORWARD(LIND_SYS_newfstatat);
    return path_call(LIND_SYS_newfstatat, grate, a1cage, a, c, P(0, 1, at_mode(a4)), NONE, NULL);
}

LIND_GRATE_HANDLER(h_faccessat) {
    ARRS;
    return path_call(LIND_SYS_faccessat, grate, a1cage, a, c, P(0, 1, at_mode(a4)), NONE, NULL);
}

LIND_GRATE_HANDLER(h_fchmodat) {
    ARRS;
    return path_call(LIND_SYS_fchmodat, grate, a1cage, a, c, P(0, 1, at_mode(a4)), NONE, NULL);
}

LIND_GRATE_HANDLER(h_fchownat) {
    ARRS;
    if (empty_path(a2cage, a2, a5)) return LIND_GRATE_FORWARD(LIND_SYS_fchownat);
    return path_call(LIND_SYS_fchownat, grate, a1cage, a, c, P(0, 1, at_mode(a5)), NONE, NULL);
}

LIND_GRATE_HANDLER(h_utimensat) {
    ARRS;
    if (a2 == 0) return LIND_GRATE_FORWARD(LIND_SYS_utimensat); /* futimens(fd): no path */
    return path_call(LIND_SYS_utimensat, grate, a1cage, a, c, P(0, 1, at_mode(a4)), NONE, NULL);
}

LIND_GRATE_HANDLER(h_rename) {
    ARRS;
    return path_call(LIND_SYS_rename, grate, a6cage, a, c, P(-1, 0, M_ENTRY), P(-1, 1, M_ENTRY), NULL);
}

LIND_GRATE_HANDLER(h_renameat) {
    ARRS;
    return path_call(LIND_SYS_renameat, grate, a1cage, a, c, P(0, 1, M_ENTRY), P(2, 3, M_ENTRY), NULL);
}

LIND_GRATE_HANDLER(h_renameat2) {
    ARRS;
    return path_call(LIND_SYS_renameat2, grate, a1cage, a, c, P(0, 1, M_ENTRY), P(2, 3, M_ENTRY), NULL);
}

LIND_GRATE_HANDLER(h_link) {
    ARRS;
    return path_call(LIND_SYS_link, grate, a6cage, a, c, P(-1, 0, M_NOFOLLOW), P(-1, 1, M_ENTRY), NULL);
}

LIND_GRATE_HANDLER(h_linkat) {
    ARRS;
    if (empty_path(a2cage, a2, a5)) {
        /* linkat(fd, "", ...): the source is the fd; only the new name is a path. */
        return path_call(LIND_SYS_linkat, grate, a1cage, a, c, P(2, 3, M_ENTRY), NONE, NULL);
    }
    int m = (a5 & L_AT_SYMLINK_FOLLOW) ? M_FOLLOW : M_NOFOLLOW;
    return path_call(LIND_SYS_linkat, grate, a1cage, a, c, P(0, 1, m), P(2, 3, M_ENTRY), NULL);
}

LIND_GRATE_HANDLER(h_chdir) {
    ARRS;
    static struct pv_res r;
    int ret = path_call(LIND_SYS_chdir, grate, a6cage, a, c, P(-1, 0, M_FOLLOW), NONE, &r);
    if (ret == 0) {
        int e = set_cwd(a6cage, r.view, r.vpath);
        if (e) return e;
    }
    return ret;
}

LIND_GRATE_HANDLER(h_fchdir) {
    int fd = (int)(uint32_t)a1;
    struct fdent *e = fd >= 0 ? fd_get(a1cage, fd) : NULL;
    if (!e) {
        int r = fd >= 0 ? fwd_getfd(grate, a1cage, fd) : -EBADF;
        return r < 0 ? r : -ENOTDIR;
    }
    int ret = LIND_GRATE_FORWARD(LIND_SYS_fchdir);
    if (ret == 0) {
        int err = set_cwd(a1cage, e->view, e->path);
        if (err) return err;
    }
    return ret;
}

/* getcwd(buf, size): the virtual cwd; returns its length with the NUL. */
LIND_GRATE_HANDLER(h_getcwd) {
    LIND_GRATE_UNUSED_ARGS;
    struct cage_state *s = cage_find(a1cage, 1);
    if (!s) return -ENOMEM;
    size_t len = strlen(s->cwd) + 1;
    if (a2 < len) return -ERANGE;
    int r = lind_grate_write(a1cage, a1, s->cwd, len);
    return r < 0 ? r : (int)len;
}

LIND_GRATE_HANDLER(h_execve) {
    ARRS;
    /* Close-on-exec fds are gone after a successful exec: forget them
     * (and put them back if the exec fails). */
    static int closing[LIND_GRATE_FD_MAX];
    static struct fdent *saved[LIND_GRATE_FD_MAX];
    int n = 0;
    for (int fd = 0; fd < LIND_GRATE_FD_MAX; fd++) {
        struct fdent *e = fd_get(a2cage, fd);
        if (!e) continue;
        int fl = fwd_getfd(grate, a2cage, fd);
        if (fl >= 0 && (fl & L_FD_CLOEXEC)) {
            closing[n] = fd;
            saved[n++] = e;
            lind_grate_fdtable_remove(a2cage, fd);
        }
    }
    int r = path_call(LIND_SYS_execve, grate, a2cage, a, c, P(-1, 0, M_FOLLOW), NONE, NULL);
    for (int i = 0; i < n; i++) {
        if (lind_grate_fdtable_set_ptr(a2cage, closing[i], saved[i]) != 0) fd_unref(saved[i]);
    }
    return r;
}

LIND_GRATE_HANDLER(h_clone) {
    int child = LIND_GRATE_FORWARD(LIND_SYS_clone);
    if (child > 0) {
        struct cage_state *s = cage_find(a1cage, 1);
        uint64_t view = s ? s->cwd_view : pv_view_of(a1cage);
        /* The child keeps the parent's cwd path; with per-cage views it is
         * that path in the child's own view. */
        if (cfg.per_cage_view && view == pv_view_of(a1cage)) view = pv_view_of((uint64_t)child);
        set_cwd((uint64_t)child, view, s ? s->cwd : "/");
        if (!(a1 & L_CLONE_THREAD)) {
            fd_drop_all((uint64_t)child);
            if (lind_grate_fdtable_fork(a1cage, (uint64_t)child) == 0)
                for (int fd = 0; fd < LIND_GRATE_FD_MAX; fd++) {
                    struct fdent *e = fd_get((uint64_t)child, fd);
                    if (e) e->refs++;
                }
        }
        pv_prepare_view(grate, a1cage, pv_view_of((uint64_t)child));
    }
    return child;
}

LIND_GRATE_HANDLER(h_close) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_close);
    fd_forget(a1cage, (int)(uint32_t)a1); /* closed even on EINTR */
    return r;
}

LIND_GRATE_HANDLER(h_dup) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup);
    if (r >= 0) fd_put(a1cage, r, fd_get(a1cage, (int)(uint32_t)a1));
    return r;
}

LIND_GRATE_HANDLER(h_dup2) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup2);
    if (r >= 0 && (uint32_t)a1 != (uint32_t)a2) fd_put(a1cage, r, fd_get(a1cage, (int)(uint32_t)a1));
    return r;
}

LIND_GRATE_HANDLER(h_dup3) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup3);
    if (r >= 0) fd_put(a1cage, r, fd_get(a1cage, (int)(uint32_t)a1));
    return r;
}

LIND_GRATE_HANDLER(h_fcntl) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_fcntl);
    int cmd = (int)(uint32_t)a2;
    if (r >= 0 && (cmd == L_F_DUPFD || cmd == L_F_DUPFD_CLOEXEC))
        fd_put(a1cage, r, fd_get(a1cage, (int)(uint32_t)a1));
    return r;
}

LIND_GRATE_HANDLER(h_exit_group) {
    fd_drop_all(a1cage);
    struct cage_state *s = cage_find(a1cage, 0);
    if (s) {
        free(s->cwd);
        s->cwd = NULL;
        s->used = 0;
    }
    return LIND_GRATE_FORWARD(LIND_SYS_exit_group);
}

void pv_init(struct lind_grate *g, const struct pv_config *config) {
    cfg = *config;
    static const struct {
        uint64_t nr;
        lind_grate_handler fn;
    } table[] = {
        {LIND_SYS_open, h_open},           {LIND_SYS_openat, h_openat},       {LIND_SYS_creat, h_creat},
        {LIND_SYS_stat, h_stat},           {LIND_SYS_lstat, h_lstat},         {LIND_SYS_newfstatat, h_newfstatat},
        {LIND_SYS_access, h_access},       {LIND_SYS_faccessat, h_faccessat}, {LIND_SYS_mkdir, h_mkdir},
        {LIND_SYS_mkdirat, h_mkdirat},     {LIND_SYS_rmdir, h_rmdir},         {LIND_SYS_unlink, h_unlink},
        {LIND_SYS_unlinkat, h_unlinkat},   {LIND_SYS_rename, h_rename},       {LIND_SYS_renameat, h_renameat},
        {LIND_SYS_renameat2, h_renameat2}, {LIND_SYS_link, h_link},           {LIND_SYS_linkat, h_linkat},
        {LIND_SYS_symlink, h_symlink},     {LIND_SYS_symlinkat, h_symlinkat}, {LIND_SYS_readlink, h_readlink},
        {LIND_SYS_readlinkat, h_readlinkat}, {LIND_SYS_truncate, h_truncate}, {LIND_SYS_chmod, h_chmod},
        {LIND_SYS_fchmodat, h_fchmodat},   {LIND_SYS_chown, h_chown},         {LIND_SYS_lchown, h_lchown},
        {LIND_SYS_fchownat, h_fchownat},   {LIND_SYS_utimensat, h_utimensat}, {LIND_SYS_mknod, h_mknod},
        {LIND_SYS_mknodat, h_mknodat},     {LIND_SYS_statfs, h_statfs},       {LIND_SYS_chdir, h_chdir},
        {LIND_SYS_fchdir, h_fchdir},       {LIND_SYS_getcwd, h_getcwd},       {LIND_SYS_execve, h_execve},
        {LIND_SYS_clone, h_clone},         {LIND_SYS_close, h_close},         {LIND_SYS_dup, h_dup},
        {LIND_SYS_dup2, h_dup2},           {LIND_SYS_dup3, h_dup3},           {LIND_SYS_fcntl, h_fcntl},
        {LIND_SYS_exit_group, h_exit_group},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) lind_grate_register(g, table[i].nr, table[i].fn);
}
