/* imfs-grate: an in-memory filesystem for the program it runs and its
 * descendants. Every path-based file call is served from a tree held in
 * the grate's memory (directories and regular files); fds the grate hands
 * out are virtual, numbered from IMFS_FD_BASE (512) upward so they never
 * collide with the kernel's low-numbered fds; any fd the grate does not
 * own (0-2, pipes, ...) is forwarded unchanged.
 *
 *   imfs-grate PROGRAM [ARGS...]
 *   PRELOADS=host[:imfs=host...]   files copied into the tree before start
 *   DUMPS=imfs[;imfs=host...]      files written out after the program ends
 *
 * Flag, errno-free constants and structures cross in the Linux x86-64
 * numbering/layout (the shim converts), so they are spelled out here. */
#include <errno.h>
#include <fcntl.h>
#include <lind_grate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Linux x86-64 values, as they cross the wire. */
#define L_O_ACCMODE 03
#define L_O_WRONLY 01
#define L_O_RDWR 02
#define L_O_CREAT 0100
#define L_O_EXCL 0200
#define L_O_TRUNC 01000
#define L_O_APPEND 02000
#define L_O_NONBLOCK 04000
#define L_O_DIRECTORY 0200000
#define L_O_CLOEXEC 02000000
#define L_AT_FDCWD (-100)
#define L_AT_REMOVEDIR 0x200
#define L_AT_EMPTY_PATH 0x1000
#define L_S_IFDIR 0040000
#define L_S_IFREG 0100000
#define L_DT_DIR 4
#define L_DT_REG 8
#define L_F_DUPFD 0
#define L_F_GETFD 1
#define L_F_SETFD 2
#define L_F_GETFL 3
#define L_F_SETFL 4
#define L_F_GETLK 5
#define L_F_SETLK 6
#define L_F_SETLKW 7
#define L_F_DUPFD_CLOEXEC 1030
#define L_RENAME_NOREPLACE 1

#define IMFS_FD_BASE 512
#define IMFS_NAME_MAX 255
#define IMFS_PATH_MAX 4096
#define IMFS_MAX_CAGES 4096
#define CLOEXEC_BIT (1ULL << 32)

enum { T_DIR = 1, T_REG = 2 };

struct node {
    int type;
    uint32_t mode; /* permission bits */
    uint64_t ino;
    int nlink;     /* 0 once removed from the tree */
    int refs;      /* open descriptions and cwds pointing here */
    struct node *parent;
    struct node *child, *next; /* directory entries, in creation order */
    char name[IMFS_NAME_MAX + 1];
    char *data;
    size_t size, cap;
    struct timespec atime, mtime, ctime;
};

/* An open file description, shared by dup'd fds and across fork. */
struct ofd {
    struct node *n;
    int flags; /* Linux open flags, O_CLOEXEC removed */
    int64_t off;
    int refs;
};

static struct node *root;
static uint64_t next_ino = 1;
static struct node *cwd_of[IMFS_MAX_CAGES];

/* ---- the tree ----------------------------------------------------------- */

static void now(struct timespec *t) { clock_gettime(CLOCK_REALTIME, t); }

static struct node *node_new(int type, uint32_t mode) {
    struct node *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->type = type;
    n->mode = mode & 07777;
    n->ino = next_ino++;
    n->nlink = type == T_DIR ? 2 : 1;
    now(&n->mtime);
    n->atime = n->ctime = n->mtime;
    return n;
}

static void node_maybe_free(struct node *n) {
    if (n && n != root && n->nlink == 0 && n->refs == 0) {
        free(n->data);
        free(n);
    }
}

static void node_ref(struct node *n) { n->refs++; }
static void node_unref(struct node *n) {
    n->refs--;
    node_maybe_free(n);
}

static struct node *dir_find(struct node *d, const char *name) {
    for (struct node *c = d->child; c; c = c->next)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

static void dir_attach(struct node *d, struct node *c, const char *name) {
    snprintf(c->name, sizeof c->name, "%s", name);
    c->parent = d;
    c->next = NULL;
    struct node **p = &d->child;
    while (*p) p = &(*p)->next;
    *p = c;
    if (c->type == T_DIR) d->nlink++;
    now(&d->mtime);
    d->ctime = d->mtime;
}

static void dir_detach(struct node *c) {
    struct node *d = c->parent;
    for (struct node **p = &d->child; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    if (c->type == T_DIR) d->nlink--;
    c->next = NULL;
    now(&d->mtime);
    d->ctime = d->mtime;
}

/* Removes c from the tree for good (unlink, rmdir, replaced by rename). */
static void node_remove(struct node *c) {
    dir_detach(c);
    c->parent = NULL;
    c->nlink = 0;
    node_maybe_free(c);
}

static int file_resize(struct node *n, size_t size) {
    if (size > n->cap) {
        size_t cap = n->cap ? n->cap : 256;
        while (cap < size) cap *= 2;
        char *d = realloc(n->data, cap);
        if (!d) return -ENOSPC;
        n->data = d;
        n->cap = cap;
    }
    if (size > n->size) memset(n->data + n->size, 0, size - n->size);
    n->size = size;
    return 0;
}

/* ---- paths -------------------------------------------------------------- */

struct lookup {
    struct node *parent; /* directory holding the last component */
    struct node *node;   /* the node named, or NULL (parent is valid) */
    char name[IMFS_NAME_MAX + 1];
    int trailing_slash;
};

static struct node *cwd(uint64_t cage) {
    struct node *n = cage < IMFS_MAX_CAGES ? cwd_of[cage] : NULL;
    return n ? n : root;
}

/* Walks path from start. 0, or -ENOENT/-ENOTDIR/-ENAMETOOLONG for a bad
 * directory on the way; the last component may be missing. */
static int walk(struct node *start, const char *path, struct lookup *lk) {
    struct node *dir = path[0] == '/' ? root : start;
    struct node *cur = dir;
    memset(lk, 0, sizeof *lk);
    if (!path[0]) return -ENOENT;
    const char *p = path;
    size_t plen = strlen(path);
    lk->trailing_slash = plen > 0 && path[plen - 1] == '/';
    /* cur: the node reached so far (NULL: the last component was missing). */
    struct node *parent = cur->parent ? cur->parent : root;
    char last[IMFS_NAME_MAX + 1] = "";
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t len = (size_t)(e - p);
        if (len > IMFS_NAME_MAX) return -ENAMETOOLONG;
        if (!cur) return -ENOENT; /* a missing directory in the middle */
        if (cur->type != T_DIR) return -ENOTDIR;
        char comp[IMFS_NAME_MAX + 1];
        memcpy(comp, p, len);
        comp[len] = 0;
        if (strcmp(comp, ".") == 0) {
            /* stays */
        } else if (strcmp(comp, "..") == 0) {
            cur = cur->parent ? cur->parent : (cur == root ? root : NULL);
            if (!cur) return -ENOENT; /* a removed directory */
        } else {
            parent = cur;
            snprintf(last, sizeof last, "%s", comp);
            cur = dir_find(cur, comp);
            p = e;
            while (*p == '/') p++;
            if (*p == 0) {
                lk->parent = parent;
                lk->node = cur;
                snprintf(lk->name, sizeof lk->name, "%s", last);
                return 0;
            }
            continue;
        }
        p = e;
    }
    /* The path ended in ".", ".." or was "/": it names cur itself. */
    if (!cur) return -ENOENT;
    lk->node = cur;
    lk->parent = cur->parent ? cur->parent : root;
    snprintf(lk->name, sizeof lk->name, "%s", cur == root ? "/" : cur->name);
    return 0;
}

/* ---- per-cage fds ------------------------------------------------------- */

static struct ofd *fd_get(uint64_t cage, int fd, int *cloexec) {
    const uint64_t *v = lind_grate_fdtable_find(cage, fd);
    if (!v) return NULL;
    if (cloexec) *cloexec = (*v & CLOEXEC_BIT) != 0;
    return (struct ofd *)(uintptr_t)(uint32_t)*v;
}

static uint64_t fd_value(struct ofd *o, int cloexec) {
    return (uint64_t)(uintptr_t)o | (cloexec ? CLOEXEC_BIT : 0);
}

static void ofd_put(struct ofd *o) {
    if (--o->refs == 0) {
        node_unref(o->n);
        free(o);
    }
}

/* The directory a *at call starts from. */
static int at_start(uint64_t cage, int dirfd, const char *path, struct node **start) {
    if (path[0] == '/' || dirfd == L_AT_FDCWD) {
        *start = cwd(cage);
        return 0;
    }
    struct ofd *o = fd_get(cage, dirfd, NULL);
    if (!o) return -EBADF;
    if (o->n->type != T_DIR) return -ENOTDIR;
    *start = o->n;
    return 0;
}

static int read_path(uint64_t cage, uint64_t addr, char *buf) {
    if (!addr) return -EFAULT;
    int r = lind_grate_read_string(cage, addr, buf, IMFS_PATH_MAX);
    if (r == -EINVAL) return -ENAMETOOLONG;
    return r;
}

/* Resolves (dirfd, path-in-cage) into lk. */
static int resolve(uint64_t cage, int dirfd, uint64_t addr, struct lookup *lk, char *path) {
    int r = read_path(cage, addr, path);
    if (r < 0) return r;
    struct node *start;
    if (path[0] && (r = at_start(cage, dirfd, path, &start)) < 0) return r;
    if (!path[0]) return -ENOENT;
    return walk(start, path, lk);
}

/* ---- open/close --------------------------------------------------------- */

static int do_open(uint64_t cage, int dirfd, uint64_t addr, int flags, uint32_t mode) {
    char path[IMFS_PATH_MAX];
    struct lookup lk;
    int r = resolve(cage, dirfd, addr, &lk, path);
    if (r < 0) return r;
    struct node *n = lk.node;
    int acc = flags & L_O_ACCMODE;
    if (n) {
        if ((flags & L_O_CREAT) && (flags & L_O_EXCL)) return -EEXIST;
        if (n->type == T_DIR && (acc != 0 || (flags & L_O_TRUNC))) return -EISDIR;
        if (n->type != T_DIR && ((flags & L_O_DIRECTORY) || lk.trailing_slash)) return -ENOTDIR;
        if (n->type == T_REG && (flags & L_O_TRUNC) && acc != 0) {
            file_resize(n, 0);
            now(&n->mtime);
            n->ctime = n->mtime;
        }
    } else {
        if (!(flags & L_O_CREAT)) return -ENOENT;
        if (lk.trailing_slash || (flags & L_O_DIRECTORY)) return -EISDIR;
        if (lk.parent->nlink == 0) return -ENOENT;
        n = node_new(T_REG, mode);
        if (!n) return -ENOSPC;
        dir_attach(lk.parent, n, lk.name);
    }
    struct ofd *o = calloc(1, sizeof *o);
    if (!o) return -ENOMEM;
    o->n = n;
    o->flags = flags & ~(L_O_CLOEXEC | L_O_CREAT | L_O_EXCL | L_O_TRUNC);
    o->refs = 1;
    node_ref(n);
    int fd = lind_grate_fdtable_alloc(cage, IMFS_FD_BASE, fd_value(o, flags & L_O_CLOEXEC));
    if (fd < 0) {
        ofd_put(o);
        return fd == -ENOMEM ? -ENOMEM : -EMFILE;
    }
    return fd;
}

LIND_GRATE_HANDLER(h_open) {
    LIND_GRATE_UNUSED_ARGS;
    return do_open(a1cage, L_AT_FDCWD, a1, (int)a2, (uint32_t)a3);
}
LIND_GRATE_HANDLER(h_openat) {
    LIND_GRATE_UNUSED_ARGS;
    return do_open(a1cage, (int)a1, a2, (int)a3, (uint32_t)a4);
}
LIND_GRATE_HANDLER(h_creat) {
    LIND_GRATE_UNUSED_ARGS;
    return do_open(a1cage, L_AT_FDCWD, a1, L_O_CREAT | L_O_WRONLY | L_O_TRUNC, (uint32_t)a2);
}

static int close_imfs(uint64_t cage, int fd) {
    struct ofd *o = fd_get(cage, fd, NULL);
    if (!o) return -EBADF;
    lind_grate_fdtable_remove(cage, fd);
    ofd_put(o);
    return 0;
}

LIND_GRATE_HANDLER(h_close) {
    LIND_GRATE_UNUSED_ARGS;
    if (fd_get(a1cage, (int)a1, NULL)) return close_imfs(a1cage, (int)a1);
    return LIND_GRATE_FORWARD(LIND_SYS_close);
}

/* ---- read/write --------------------------------------------------------- */

static int ts_le(const struct timespec *a, const struct timespec *b) {
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec <= b->tv_nsec);
}

/* Linux's relatime rule (its default mount option), less the daily
 * refresh: a read sets atime only if the file changed since it was last
 * read. So a read loop costs no clock call. */
static int atime_stale(const struct node *n) { return ts_le(&n->atime, &n->mtime) || ts_le(&n->atime, &n->ctime); }

/* Inlined: it is the whole of read and pread, the calls a program makes
 * most, and a call costs in an interpreter. */
static inline __attribute__((always_inline)) int64_t file_read(struct ofd *o, uint64_t cage, uint64_t buf,
                                                                uint64_t count, int64_t off) {
    struct node *n = o->n;
    if ((o->flags & L_O_ACCMODE) == L_O_WRONLY) return -EBADF;
    if (n->type == T_DIR) return -EISDIR;
    if (off < 0) return -EINVAL;
    if ((uint64_t)off >= n->size || count == 0) return 0;
    uint64_t k = n->size - (uint64_t)off;
    if (k > count) k = count;
    if (k > 0x7fffffff) k = 0x7fffffff;
    int r = lind_grate_write(cage, buf, n->data + off, k);
    if (r < 0) return r;
    if (atime_stale(n)) now(&n->atime);
    return (int64_t)k;
}

static int64_t file_write(struct ofd *o, uint64_t cage, uint64_t buf, uint64_t count, int64_t off) {
    struct node *n = o->n;
    if ((o->flags & L_O_ACCMODE) == 0) return -EBADF;
    if (off < 0) return -EINVAL;
    if (count == 0) return 0;
    if (count > 0x7fffffff) count = 0x7fffffff;
    size_t old = n->size;
    if ((uint64_t)off + count > n->size) {
        int r = file_resize(n, (size_t)off + count);
        if (r < 0) return r;
    }
    int r = lind_grate_read(cage, buf, n->data + off, count);
    if (r < 0) {
        n->size = old;
        return r;
    }
    now(&n->mtime);
    n->ctime = n->mtime;
    return (int64_t)count;
}

LIND_GRATE_HANDLER(h_read) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_read);
    int64_t r = file_read(o, a2cage, a2, a3, o->off);
    if (r > 0) o->off += r;
    return (int)r;
}

LIND_GRATE_HANDLER(h_write) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_write);
    if (o->flags & L_O_APPEND) o->off = (int64_t)o->n->size;
    int64_t r = file_write(o, a2cage, a2, a3, o->off);
    if (r > 0) o->off += r;
    return (int)r;
}

LIND_GRATE_HANDLER(h_pread) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_pread64);
    return (int)file_read(o, a2cage, a2, a3, (int64_t)a4);
}

LIND_GRATE_HANDLER(h_pwrite) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_pwrite64);
    return (int)file_write(o, a2cage, a2, a3, (int64_t)a4);
}

/* iovecs cross as wasm32 {u32 base, u32 len}. */
static int do_rwv(struct ofd *o, uint64_t cage, uint64_t iovaddr, int cnt, int is_write) {
    if (cnt < 0 || cnt > 1024) return -EINVAL;
    uint32_t iov[2 * 1024];
    int r = lind_grate_read(cage, iovaddr, iov, (size_t)cnt * 8);
    if (r < 0) return r;
    if (is_write && (o->flags & L_O_APPEND)) o->off = (int64_t)o->n->size;
    int64_t total = 0;
    for (int i = 0; i < cnt; i++) {
        uint32_t base = iov[2 * i], len = iov[2 * i + 1];
        if (!len) continue;
        int64_t k = is_write ? file_write(o, cage, base, len, o->off) : file_read(o, cage, base, len, o->off);
        if (k < 0) return total ? (int)total : (int)k;
        o->off += k;
        total += k;
        if ((uint32_t)k < len) break;
    }
    return (int)total;
}

LIND_GRATE_HANDLER(h_readv) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_readv);
    return do_rwv(o, a2cage, a2, (int)a3, 0);
}

LIND_GRATE_HANDLER(h_writev) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_writev);
    return do_rwv(o, a2cage, a2, (int)a3, 1);
}

LIND_GRATE_HANDLER(h_lseek) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_lseek);
    int64_t off = (int64_t)a2, base;
    switch ((int)a3) {
    case 0: base = 0; break;
    case 1: base = o->off; break;
    case 2: base = o->n->type == T_REG ? (int64_t)o->n->size : 0; break;
    default: return -EINVAL;
    }
    if (base + off < 0) return -EINVAL;
    if (base + off > 0x7fffffff) return -EOVERFLOW;
    o->off = base + off;
    return (int)o->off;
}

/* ---- stat --------------------------------------------------------------- */

static int put_stat(struct node *n, uint64_t cage, uint64_t addr) {
    unsigned char b[144];
    memset(b, 0, sizeof b);
    uint64_t dev = 0x494d4653; /* "IMFS" */
    uint64_t nlink = (uint64_t)n->nlink;
    uint32_t mode = n->mode | (n->type == T_DIR ? L_S_IFDIR : L_S_IFREG);
    uint32_t uid = 0, gid = 0;
    int64_t size = n->type == T_DIR ? 4096 : (int64_t)n->size;
    int64_t blksize = 4096, blocks = (size + 511) / 512;
    memcpy(b + 0, &dev, 8);
    memcpy(b + 8, &n->ino, 8);
    memcpy(b + 16, &nlink, 8);
    memcpy(b + 24, &mode, 4);
    memcpy(b + 28, &uid, 4);
    memcpy(b + 32, &gid, 4);
    memcpy(b + 48, &size, 8);
    memcpy(b + 56, &blksize, 8);
    memcpy(b + 64, &blocks, 8);
    const struct timespec *ts[3] = {&n->atime, &n->mtime, &n->ctime};
    for (int i = 0; i < 3; i++) {
        int64_t s = ts[i]->tv_sec, ns = ts[i]->tv_nsec;
        memcpy(b + 72 + 16 * i, &s, 8);
        memcpy(b + 80 + 16 * i, &ns, 8);
    }
    if (!addr) return -EFAULT;
    return lind_grate_write(cage, addr, b, sizeof b);
}

static int stat_path(uint64_t cage, int dirfd, uint64_t paddr, uint64_t bc, uint64_t buf, int flags) {
    char path[IMFS_PATH_MAX];
    if (flags & L_AT_EMPTY_PATH) {
        int r = read_path(cage, paddr, path);
        if (r < 0) return r;
        if (!path[0]) {
            if (dirfd == L_AT_FDCWD) return put_stat(cwd(cage), bc, buf);
            struct ofd *o = fd_get(cage, dirfd, NULL);
            if (!o) return -EBADF;
            return put_stat(o->n, bc, buf);
        }
    }
    struct lookup lk;
    int r = resolve(cage, dirfd, paddr, &lk, path);
    if (r < 0) return r;
    if (!lk.node) return -ENOENT;
    if (lk.trailing_slash && lk.node->type != T_DIR) return -ENOTDIR;
    return put_stat(lk.node, bc, buf);
}

LIND_GRATE_HANDLER(h_stat) {
    LIND_GRATE_UNUSED_ARGS;
    return stat_path(a1cage, L_AT_FDCWD, a1, a2cage, a2, 0);
}
LIND_GRATE_HANDLER(h_newfstatat) {
    LIND_GRATE_UNUSED_ARGS;
    if ((int)a1 != L_AT_FDCWD && !fd_get(a1cage, (int)a1, NULL) && (int)a4 & L_AT_EMPTY_PATH)
        return LIND_GRATE_FORWARD(LIND_SYS_newfstatat);
    return stat_path(a1cage, (int)a1, a2, a3cage, a3, (int)a4);
}
LIND_GRATE_HANDLER(h_fstat) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_fstat);
    return put_stat(o->n, a2cage, a2);
}

static int do_access(uint64_t cage, int dirfd, uint64_t addr, int mode) {
    char path[IMFS_PATH_MAX];
    struct lookup lk;
    int r = resolve(cage, dirfd, addr, &lk, path);
    if (r < 0) return r;
    if (!lk.node) return -ENOENT;
    if (lk.trailing_slash && lk.node->type != T_DIR) return -ENOTDIR;
    if (mode & ~7) return -EINVAL;
    /* The cage is the owner: the owner bits decide. */
    if ((mode & 4) && !(lk.node->mode & 0400)) return -EACCES;
    if ((mode & 2) && !(lk.node->mode & 0200)) return -EACCES;
    if ((mode & 1) && !(lk.node->mode & 0100)) return -EACCES;
    return 0;
}

LIND_GRATE_HANDLER(h_access) {
    LIND_GRATE_UNUSED_ARGS;
    return do_access(a1cage, L_AT_FDCWD, a1, (int)a2);
}
LIND_GRATE_HANDLER(h_faccessat) {
    LIND_GRATE_UNUSED_ARGS;
    return do_access(a1cage, (int)a1, a2, (int)a3);
}

/* ---- namespace changes -------------------------------------------------- */

static int do_mkdir(uint64_t cage, int dirfd, uint64_t addr, uint32_t mode) {
    char path[IMFS_PATH_MAX];
    struct lookup lk;
    int r = resolve(cage, dirfd, addr, &lk, path);
    if (r < 0) return r;
    if (lk.node) return -EEXIST;
    if (lk.parent->nlink == 0) return -ENOENT;
    struct node *n = node_new(T_DIR, mode);
    if (!n) return -ENOSPC;
    dir_attach(lk.parent, n, lk.name);
    return 0;
}

LIND_GRATE_HANDLER(h_mkdir) {
    LIND_GRATE_UNUSED_ARGS;
    return do_mkdir(a1cage, L_AT_FDCWD, a1, (uint32_t)a2);
}
LIND_GRATE_HANDLER(h_mkdirat) {
    LIND_GRATE_UNUSED_ARGS;
    return do_mkdir(a1cage, (int)a1, a2, (uint32_t)a3);
}

static int do_unlink(uint64_t cage, int dirfd, uint64_t addr, int rmdir_) {
    char path[IMFS_PATH_MAX];
    struct lookup lk;
    int r = resolve(cage, dirfd, addr, &lk, path);
    if (r < 0) return r;
    struct node *n = lk.node;
    if (!n) return -ENOENT;
    if (rmdir_) {
        if (n->type != T_DIR) return -ENOTDIR;
        if (n == root) return -EBUSY;
        if (n->child) return -ENOTEMPTY;
        /* rmdir of "x/." or "x/..": Linux refuses with EINVAL/ENOTEMPTY. */
        size_t l = strlen(path);
        while (l > 1 && path[l - 1] == '/') l--;
        if ((l >= 1 && path[l - 1] == '.' && (l == 1 || path[l - 2] == '/'))) return -EINVAL;
    } else {
        if (n->type == T_DIR) return -EISDIR;
        if (lk.trailing_slash) return -ENOTDIR;
    }
    node_remove(n);
    return 0;
}

LIND_GRATE_HANDLER(h_unlink) {
    LIND_GRATE_UNUSED_ARGS;
    return do_unlink(a1cage, L_AT_FDCWD, a1, 0);
}
LIND_GRATE_HANDLER(h_rmdir) {
    LIND_GRATE_UNUSED_ARGS;
    return do_unlink(a1cage, L_AT_FDCWD, a1, 1);
}
LIND_GRATE_HANDLER(h_unlinkat) {
    LIND_GRATE_UNUSED_ARGS;
    if ((int)a3 & ~L_AT_REMOVEDIR) return -EINVAL;
    return do_unlink(a1cage, (int)a1, a2, ((int)a3 & L_AT_REMOVEDIR) != 0);
}

static int is_ancestor(struct node *a, struct node *n) {
    for (; n; n = n->parent)
        if (n == a) return 1;
    return 0;
}

static int do_rename(uint64_t cage, int odir, uint64_t oaddr, int ndir, uint64_t naddr, unsigned flags) {
    char opath[IMFS_PATH_MAX], npath[IMFS_PATH_MAX];
    struct lookup ol, nl;
    if (flags & ~L_RENAME_NOREPLACE) return -EINVAL;
    int r = resolve(cage, odir, oaddr, &ol, opath);
    if (r < 0) return r;
    if ((r = resolve(cage, ndir, naddr, &nl, npath)) < 0) return r;
    struct node *src = ol.node, *dst = nl.node;
    if (!src) return -ENOENT;
    if (src == root || dst == root) return -EBUSY;
    if (nl.parent->nlink == 0) return -ENOENT;
    if ((ol.trailing_slash || nl.trailing_slash) && src->type != T_DIR) return -ENOTDIR;
    if (src == dst) return 0;
    if (dst && (flags & L_RENAME_NOREPLACE)) return -EEXIST;
    if (src->type == T_DIR && is_ancestor(src, nl.parent)) return -EINVAL;
    if (dst) {
        if (src->type == T_DIR && dst->type != T_DIR) return -ENOTDIR;
        if (src->type != T_DIR && dst->type == T_DIR) return -EISDIR;
        if (dst->type == T_DIR && dst->child) return -ENOTEMPTY;
        node_remove(dst);
    }
    dir_detach(src);
    dir_attach(nl.parent, src, nl.name);
    src->ctime = nl.parent->mtime;
    return 0;
}

LIND_GRATE_HANDLER(h_rename) {
    LIND_GRATE_UNUSED_ARGS;
    return do_rename(a1cage, L_AT_FDCWD, a1, L_AT_FDCWD, a2, 0);
}
LIND_GRATE_HANDLER(h_renameat) {
    LIND_GRATE_UNUSED_ARGS;
    return do_rename(a1cage, (int)a1, a2, (int)a3, a4, 0);
}
LIND_GRATE_HANDLER(h_renameat2) {
    LIND_GRATE_UNUSED_ARGS;
    return do_rename(a1cage, (int)a1, a2, (int)a3, a4, (unsigned)a5);
}

/* ---- directories -------------------------------------------------------- */

/* Entries: 0 ".", 1 "..", then the children in order; the offset is the
 * index of the next entry. */
LIND_GRATE_HANDLER(h_getdents64) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_getdents64);
    struct node *d = o->n;
    if (d->type != T_DIR) return -ENOTDIR;
    uint64_t cap = a3 > 65536 ? 65536 : a3;
    unsigned char *buf = malloc(cap ? cap : 1);
    if (!buf) return -ENOMEM;
    size_t used = 0;
    int64_t idx = 0;
    struct node *c = d->child;
    for (;; idx++) {
        const char *name;
        uint64_t ino;
        unsigned char type = L_DT_DIR;
        if (idx == 0) {
            name = ".";
            ino = d->ino;
        } else if (idx == 1) {
            name = "..";
            ino = d->parent ? d->parent->ino : d->ino;
        } else {
            if (idx > 2) c = c ? c->next : NULL;
            if (!c) break;
            name = c->name;
            ino = c->ino;
            type = c->type == T_DIR ? L_DT_DIR : L_DT_REG;
        }
        if (idx < o->off) continue;
        size_t nl = strlen(name);
        size_t reclen = (19 + nl + 1 + 7) & ~(size_t)7;
        if (used + reclen > cap) {
            if (used == 0) {
                free(buf);
                return -EINVAL;
            }
            break;
        }
        unsigned char *e = buf + used;
        memset(e, 0, reclen);
        int64_t next = idx + 1;
        uint16_t rl = (uint16_t)reclen;
        memcpy(e, &ino, 8);
        memcpy(e + 8, &next, 8);
        memcpy(e + 16, &rl, 2);
        e[18] = type;
        memcpy(e + 19, name, nl);
        used += reclen;
        o->off = next;
    }
    int r = used ? lind_grate_write(a2cage, a2, buf, used) : 0;
    free(buf);
    return r < 0 ? r : (int)used;
}

static int do_chdir(uint64_t cage, struct node *n) {
    if (n->type != T_DIR) return -ENOTDIR;
    if (cage >= IMFS_MAX_CAGES) return -ENOMEM;
    struct node *old = cwd_of[cage];
    node_ref(n);
    cwd_of[cage] = n;
    if (old) node_unref(old);
    return 0;
}

LIND_GRATE_HANDLER(h_chdir) {
    LIND_GRATE_UNUSED_ARGS;
    char path[IMFS_PATH_MAX];
    struct lookup lk;
    int r = resolve(a1cage, L_AT_FDCWD, a1, &lk, path);
    if (r < 0) return r;
    if (!lk.node) return -ENOENT;
    return do_chdir(a1cage, lk.node);
}

LIND_GRATE_HANDLER(h_fchdir) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return -EBADF;
    return do_chdir(a1cage, o->n);
}

LIND_GRATE_HANDLER(h_getcwd) {
    LIND_GRATE_UNUSED_ARGS;
    struct node *n = cwd(a1cage);
    char buf[IMFS_PATH_MAX];
    size_t pos = sizeof buf - 1;
    buf[pos] = 0;
    if (n != root && n->nlink == 0) return -ENOENT;
    if (n == root) buf[--pos] = '/';
    for (; n != root; n = n->parent) {
        size_t l = strlen(n->name);
        if (pos < l + 1) return -ENAMETOOLONG;
        pos -= l;
        memcpy(buf + pos, n->name, l);
        buf[--pos] = '/';
    }
    size_t len = sizeof buf - pos; /* with the NUL */
    if (len > a2) return -ERANGE;
    int r = lind_grate_write(a1cage, a1, buf + pos, len);
    return r < 0 ? r : (int)len;
}

/* ---- truncate ----------------------------------------------------------- */

static int do_truncate(struct node *n, int64_t len) {
    if (len < 0) return -EINVAL;
    if (n->type == T_DIR) return -EISDIR;
    int r = file_resize(n, (size_t)len);
    if (r < 0) return r;
    now(&n->mtime);
    n->ctime = n->mtime;
    return 0;
}

LIND_GRATE_HANDLER(h_ftruncate) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_ftruncate);
    if ((o->flags & L_O_ACCMODE) == 0) return -EINVAL;
    return do_truncate(o->n, (int64_t)a2);
}

LIND_GRATE_HANDLER(h_truncate) {
    LIND_GRATE_UNUSED_ARGS;
    char path[IMFS_PATH_MAX];
    struct lookup lk;
    int r = resolve(a1cage, L_AT_FDCWD, a1, &lk, path);
    if (r < 0) return r;
    if (!lk.node) return -ENOENT;
    return do_truncate(lk.node, (int64_t)a2);
}

/* ---- dup / fcntl -------------------------------------------------------- */

static int dup_to(uint64_t grate, uint64_t cage, int oldfd, int newfd, int cloexec) {
    struct ofd *o = fd_get(cage, oldfd, NULL);
    if (newfd < 0 || newfd >= LIND_GRATE_FD_MAX) return -EBADF;
    if (fd_get(cage, newfd, NULL)) close_imfs(cage, newfd);
    else /* newfd may be a real fd: it is replaced */
        lind_grate_forward(LIND_SYS_close, grate, (uint64_t)newfd, cage, 0, cage, 0, cage, 0, cage, 0,
                           cage, 0, cage);
    o->refs++;
    int r = lind_grate_fdtable_set(cage, newfd, fd_value(o, cloexec));
    if (r < 0) {
        o->refs--;
        return r;
    }
    return newfd;
}

static int dup_min(uint64_t cage, struct ofd *o, int minfd, int cloexec) {
    if (minfd < IMFS_FD_BASE) minfd = IMFS_FD_BASE;
    o->refs++;
    int fd = lind_grate_fdtable_alloc(cage, minfd, fd_value(o, cloexec));
    if (fd < 0) {
        o->refs--;
        return fd == -ENOMEM ? -ENOMEM : -EMFILE;
    }
    return fd;
}

LIND_GRATE_HANDLER(h_dup) {
    LIND_GRATE_UNUSED_ARGS;
    struct ofd *o = fd_get(a1cage, (int)a1, NULL);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_dup);
    return dup_min(a1cage, o, IMFS_FD_BASE, 0);
}

LIND_GRATE_HANDLER(h_dup2) {
    LIND_GRATE_UNUSED_ARGS;
    int oldfd = (int)a1, newfd = (int)a2;
    if (!fd_get(a1cage, oldfd, NULL)) {
        /* A real fd onto newfd: an imfs fd there is closed first. */
        if (fd_get(a1cage, newfd, NULL)) close_imfs(a1cage, newfd);
        return LIND_GRATE_FORWARD(LIND_SYS_dup2);
    }
    if (oldfd == newfd) return newfd;
    return dup_to(grate, a1cage, oldfd, newfd, 0);
}

LIND_GRATE_HANDLER(h_dup3) {
    LIND_GRATE_UNUSED_ARGS;
    int oldfd = (int)a1, newfd = (int)a2, flags = (int)a3;
    if (!fd_get(a1cage, oldfd, NULL)) {
        if (oldfd != newfd && fd_get(a1cage, newfd, NULL)) close_imfs(a1cage, newfd);
        return LIND_GRATE_FORWARD(LIND_SYS_dup3);
    }
    if (oldfd == newfd || (flags & ~L_O_CLOEXEC)) return -EINVAL;
    return dup_to(grate, a1cage, oldfd, newfd, (flags & L_O_CLOEXEC) != 0);
}

LIND_GRATE_HANDLER(h_fcntl) {
    LIND_GRATE_UNUSED_ARGS;
    int fd = (int)a1, cmd = (int)a2, cloexec;
    struct ofd *o = fd_get(a1cage, fd, &cloexec);
    if (!o) return LIND_GRATE_FORWARD(LIND_SYS_fcntl);
    switch (cmd) {
    case L_F_DUPFD:
    case L_F_DUPFD_CLOEXEC:
        if ((int)a3 < 0 || (int)a3 >= LIND_GRATE_FD_MAX) return -EINVAL;
        return dup_min(a1cage, o, (int)a3, cmd == L_F_DUPFD_CLOEXEC);
    case L_F_GETFD: return cloexec ? FD_CLOEXEC : 0;
    case L_F_SETFD: return lind_grate_fdtable_set(a1cage, fd, fd_value(o, (int)a3 & 1));
    case L_F_GETFL: return o->flags;
    case L_F_SETFL:
        o->flags = (o->flags & ~(L_O_APPEND | L_O_NONBLOCK)) | ((int)a3 & (L_O_APPEND | L_O_NONBLOCK));
        return 0;
    case L_F_GETLK: {
        /* No locks are held by anyone else: l_type (a short at 0) = F_UNLCK (2). */
        uint16_t unlck = 2;
        return lind_grate_write(a3cage, a3, &unlck, 2);
    }
    case L_F_SETLK:
    case L_F_SETLKW: return 0;
    default: return -EINVAL;
    }
}

/* ---- processes ---------------------------------------------------------- */

static void drop_cage(uint64_t cage) {
    for (int fd = 0; fd < LIND_GRATE_FD_MAX && lind_grate_fdtable_count(cage) > 0; fd++)
        if (fd_get(cage, fd, NULL)) close_imfs(cage, fd);
    lind_grate_fdtable_drop(cage);
    if (cage < IMFS_MAX_CAGES && cwd_of[cage]) {
        node_unref(cwd_of[cage]);
        cwd_of[cage] = NULL;
    }
}

LIND_GRATE_HANDLER(h_clone) {
    LIND_GRATE_UNUSED_ARGS;
    int r = LIND_GRATE_FORWARD(LIND_SYS_clone);
    if (r > 0) {
        uint64_t child = (uint64_t)r;
        if (lind_grate_fdtable_fork(a1cage, child) == 0) {
            for (int fd = 0; fd < LIND_GRATE_FD_MAX; fd++) {
                struct ofd *o = fd_get(child, fd, NULL);
                if (o) o->refs++;
            }
        }
        if (child < IMFS_MAX_CAGES && a1cage < IMFS_MAX_CAGES && cwd_of[a1cage]) {
            if (cwd_of[child]) node_unref(cwd_of[child]);
            cwd_of[child] = cwd_of[a1cage];
            node_ref(cwd_of[child]);
        }
    }
    return r;
}

LIND_GRATE_HANDLER(h_exit_group) {
    LIND_GRATE_UNUSED_ARGS;
    drop_cage(a1cage);
    return LIND_GRATE_FORWARD(LIND_SYS_exit_group);
}

/* ---- PRELOADS / DUMPS (the grate's own calls reach the real lindfs) ----- */

/* The node at absolute imfs path `path`, creating a regular file (and its
 * missing parent directories, 0755) when create is set. */
static struct node *imfs_path(const char *path, int create) {
    struct lookup lk;
    char p[IMFS_PATH_MAX];
    snprintf(p, sizeof p, "/%s", path);
    if (walk(root, p, &lk) == 0 && lk.node) return lk.node;
    if (!create) return NULL;
    /* Create the directories one component at a time. */
    char *s = p + 1;
    for (;;) {
        while (*s == '/') s++;
        char *e = strchr(s, '/');
        if (!e) break;
        *e = 0;
        if (walk(root, p, &lk) != 0) return NULL;
        if (!lk.node) {
            struct node *d = node_new(T_DIR, 0755);
            if (!d) return NULL;
            dir_attach(lk.parent, d, lk.name);
        } else if (lk.node->type != T_DIR) {
            return NULL;
        }
        *e = '/';
        s = e + 1;
    }
    if (walk(root, p, &lk) != 0 || lk.node || !lk.name[0]) return lk.node;
    struct node *n = node_new(T_REG, 0644);
    if (!n) return NULL;
    dir_attach(lk.parent, n, lk.name);
    return n;
}

/* "a=b" splits at '='; a bare "a" is a=a. 0 for a malformed entry. */
static int split_entry(char *ent, char **imfs, char **host) {
    while (*ent == ' ' || *ent == '\t') ent++;
    char *eq = strchr(ent, '=');
    if (eq) {
        *eq = 0;
        *imfs = ent;
        *host = eq + 1;
    } else {
        *imfs = *host = ent;
    }
    return **imfs && **host;
}

static void preload(const char *spec) {
    char *copy = strdup(spec), *save = NULL;
    for (char *ent = strtok_r(copy, ":", &save); ent; ent = strtok_r(NULL, ":", &save)) {
        char *ip, *hp;
        if (!split_entry(ent, &ip, &hp)) continue;
        FILE *f = fopen(hp, "rb");
        if (!f) {
            fprintf(stderr, "imfs-grate: PRELOADS: %s: %s\n", hp, strerror(errno));
            continue;
        }
        struct node *n = imfs_path(ip, 1);
        if (!n || n->type != T_REG) {
            fprintf(stderr, "imfs-grate: PRELOADS: cannot create %s\n", ip);
            fclose(f);
            continue;
        }
        n->size = 0; /* staging a path again replaces it */
        char buf[4096];
        size_t k;
        while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
            size_t at = n->size;
            if (file_resize(n, at + k) < 0) break;
            memcpy(n->data + at, buf, k);
        }
        fclose(f);
    }
    free(copy);
}

static void dump(int status, void *arg) {
    (void)status;
    const char *spec = arg;
    char *copy = strdup(spec), *save = NULL;
    for (char *ent = strtok_r(copy, ";", &save); ent; ent = strtok_r(NULL, ";", &save)) {
        char *ip, *hp;
        if (!split_entry(ent, &ip, &hp)) continue;
        struct node *n = imfs_path(ip, 0);
        if (!n || n->type != T_REG) {
            fprintf(stderr, "imfs-grate: DUMPS: %s: not a file in imfs\n", ip);
            continue;
        }
        FILE *f = fopen(hp, "wb");
        if (!f) {
            fprintf(stderr, "imfs-grate: DUMPS: %s: %s\n", hp, strerror(errno));
            continue;
        }
        if (n->size) fwrite(n->data, 1, n->size, f);
        fclose(f);
    }
    free(copy);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: imfs-grate PROGRAM [ARGS...]\n");
        return 2;
    }
    root = node_new(T_DIR, 0755);
    if (!root) return 1;
    const char *pre = getenv("PRELOADS");
    if (pre && *pre) preload(pre);

    struct lind_grate g;
    lind_grate_init(&g);
    static const struct {
        uint64_t nr;
        lind_grate_handler fn;
    } table[] = {
        {LIND_SYS_open, h_open},         {LIND_SYS_openat, h_openat},
        {LIND_SYS_creat, h_creat},       {LIND_SYS_close, h_close},
        {LIND_SYS_read, h_read},         {LIND_SYS_write, h_write},
        {LIND_SYS_pread64, h_pread},     {LIND_SYS_pwrite64, h_pwrite},
        {LIND_SYS_readv, h_readv},       {LIND_SYS_writev, h_writev},
        {LIND_SYS_lseek, h_lseek},       {LIND_SYS_stat, h_stat},
        {LIND_SYS_lstat, h_stat},        {LIND_SYS_fstat, h_fstat},
        {LIND_SYS_newfstatat, h_newfstatat}, {LIND_SYS_access, h_access},
        {LIND_SYS_faccessat, h_faccessat}, {LIND_SYS_mkdir, h_mkdir},
        {LIND_SYS_mkdirat, h_mkdirat},   {LIND_SYS_rmdir, h_rmdir},
        {LIND_SYS_unlink, h_unlink},     {LIND_SYS_unlinkat, h_unlinkat},
        {LIND_SYS_rename, h_rename},     {LIND_SYS_renameat, h_renameat},
        {LIND_SYS_renameat2, h_renameat2}, {LIND_SYS_getdents64, h_getdents64},
        {LIND_SYS_chdir, h_chdir},       {LIND_SYS_fchdir, h_fchdir},
        {LIND_SYS_getcwd, h_getcwd},     {LIND_SYS_truncate, h_truncate},
        {LIND_SYS_ftruncate, h_ftruncate}, {LIND_SYS_dup, h_dup},
        {LIND_SYS_dup2, h_dup2},         {LIND_SYS_dup3, h_dup3},
        {LIND_SYS_fcntl, h_fcntl},       {LIND_SYS_clone, h_clone},
        {LIND_SYS_exit_group, h_exit_group},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) lind_grate_register(&g, table[i].nr, table[i].fn);
    const char *dumps = getenv("DUMPS");
    if (dumps && *dumps) lind_grate_teardown(&g, dump, (void *)dumps);
    return lind_grate_run(&g, &argv[1]);
}
