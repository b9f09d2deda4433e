/* ipc-grate: pipes between the cages of the program it runs, kept in the
 * grate's memory. pipe/pipe2 create a ring buffer (64 KiB, as Linux) with
 * two virtual fds numbered from IPC_FD_BASE (512), so they never collide
 * with the kernel's low-numbered fds; every fd call on them is served here
 * and any other fd is forwarded unchanged.
 *
 *   ipc-grate PROGRAM [ARGS...]
 *
 * Blocking: a handler runs on the calling cage's thread and the grate's
 * lock is released only inside calls the grate makes, so a read on an
 * empty pipe (or a write on a full one) waits by forwarding nanosleep on
 * behalf of the cage in a loop (50 us doubling to 1 ms): each forwarded
 * call lets other cages' handlers in, and a signal for the cage interrupts
 * it (the restart code goes back, so SA_RESTART applies).
 *
 * Concurrency rule: pipe state is only looked at and changed between two
 * calls the grate makes. Data crosses through a bounce buffer on the
 * handler's own stack: a write copies the cage's bytes in first and then
 * commits them to the ring with no call in between; a read takes bytes out
 * of the ring first and then copies them to the cage.
 *
 * Flags, constants and structures cross in Linux x86-64 numbering/layout
 * (the shim converts), so they are spelled out here. */
#include <errno.h>
#include <lind_grate.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define H(name)                                                                                    \
    static int name(uint64_t grate, uint64_t a1, uint64_t a1c, uint64_t a2, uint64_t a2c,          \
                    uint64_t a3, uint64_t a3c, uint64_t a4, uint64_t a4c, uint64_t a5, uint64_t a5c, \
                    uint64_t a6, uint64_t a6c)
#define UNUSED_ARGS                                                                                \
    (void)grate, (void)a1, (void)a1c, (void)a2, (void)a2c, (void)a3, (void)a3c, (void)a4, (void)a4c, \
        (void)a5, (void)a5c, (void)a6, (void)a6c
#define FORWARD(nr) lind_grate_forward(nr, grate, a1, a1c, a2, a2c, a3, a3c, a4, a4c, a5, a5c, a6, a6c)

/* Linux x86-64 values, as they cross the wire. */
#define L_O_WRONLY 01
#define L_O_NONBLOCK 04000
#define L_O_CLOEXEC 02000000
#define L_O_DIRECT 040000
#define L_F_DUPFD 0
#define L_F_GETFD 1
#define L_F_SETFD 2
#define L_F_GETFL 3
#define L_F_SETFL 4
#define L_F_DUPFD_CLOEXEC 1030
#define L_F_SETPIPE_SZ 1031
#define L_F_GETPIPE_SZ 1032
#define L_FD_CLOEXEC 1
#define L_S_IFIFO 0010000
#define L_FIONREAD 0x541B
#define L_FIONBIO 0x5421
#define L_SIGPIPE 13
#define L_POLLIN 0x001
#define L_POLLOUT 0x004
#define L_POLLERR 0x008
#define L_POLLHUP 0x010
#define L_POLLNVAL 0x020
#define L_POLLRDNORM 0x040
#define L_POLLWRNORM 0x100

#define IPC_FD_BASE 512
#define PIPE_CAP 65536  /* bytes a pipe holds */
#define IPC_PIPE_BUF 4096 /* writes up to this size are atomic */
#define MAX_PIPES 128   /* pipes alive at once (static pool: no malloc in handlers) */
#define MAX_ENDS (2 * MAX_PIPES)
#define BOUNCE 16384    /* bytes moved per step through the handler's stack */
#define MAX_IOV 1024
#define MAX_POLL 1024

/* fd-table value: the end's index + 1 in the low 32 bits, flags above. */
#define V_CLOEXEC (1ULL << 32)
#define V_HOLDER (1ULL << 33) /* a kernel placeholder occupies this fd number */

struct pipe {
    int used;
    int readers, writers; /* open ends (descriptions) of each kind */
    uint32_t head, len;   /* ring: bytes [head, head+len) mod PIPE_CAP */
    uint64_t ino;
    char buf[PIPE_CAP];
};

/* An open file description of one end: shared by dup'd fds and across
 * fork; refs counts the fd-table entries (in every cage) naming it. */
struct end {
    int refs;
    int write; /* 1: the write end */
    int nonblock;
    struct pipe *p;
};

static struct pipe pipes[MAX_PIPES];
static struct end ends[MAX_ENDS];
static uint64_t next_ino = 1;

/* ---- the pipes ---------------------------------------------------------- */

static struct pipe *pipe_new(void) {
    for (int i = 0; i < MAX_PIPES; i++)
        if (!pipes[i].used) {
            struct pipe *p = &pipes[i];
            p->used = 1;
            p->readers = p->writers = 1;
            p->head = p->len = 0;
            p->ino = next_ino++;
            return p;
        }
    return NULL;
}

static struct end *end_new(struct pipe *p, int write, int nonblock) {
    for (int i = 0; i < MAX_ENDS; i++)
        if (!ends[i].refs) {
            ends[i] = (struct end){.refs = 1, .write = write, .nonblock = nonblock, .p = p};
            return &ends[i];
        }
    return NULL;
}

static void end_put(struct end *e) {
    if (--e->refs > 0) return;
    struct pipe *p = e->p;
    if (e->write) p->writers--;
    else p->readers--;
    if (p->readers == 0 && p->writers == 0) p->used = 0;
    e->p = NULL;
}

static uint32_t ring_put(struct pipe *p, const char *src, uint32_t n) {
    uint32_t room = PIPE_CAP - p->len;
    if (n > room) n = room;
    uint32_t tail = (p->head + p->len) % PIPE_CAP;
    uint32_t first = PIPE_CAP - tail < n ? PIPE_CAP - tail : n;
    memcpy(p->buf + tail, src, first);
    memcpy(p->buf, src + first, n - first);
    p->len += n;
    return n;
}

static uint32_t ring_take(struct pipe *p, char *dst, uint32_t n) {
    if (n > p->len) n = p->len;
    uint32_t first = PIPE_CAP - p->head < n ? PIPE_CAP - p->head : n;
    memcpy(dst, p->buf + p->head, first);
    memcpy(dst + first, p->buf, n - first);
    p->head = (p->head + n) % PIPE_CAP;
    p->len -= n;
    if (p->len == 0) p->head = 0;
    return n;
}

/* ---- per-cage fds ------------------------------------------------------- */

static struct end *fd_end(uint64_t cage, int fd, uint64_t *val) {
    uint64_t v;
    if (fd < 0 || fd >= LIND_GRATE_FD_MAX || lind_grate_fdtable_get(cage, fd, &v) != 0) return NULL;
    uint32_t idx = (uint32_t)v;
    if (idx == 0 || idx > MAX_ENDS || !ends[idx - 1].refs) return NULL;
    if (val) *val = v;
    return &ends[idx - 1];
}

static uint64_t end_value(struct end *e) { return (uint64_t)(e - ends) + 1; }

/* A call on behalf of `cage` through the grate's own table: arguments that
 * are pointers into the grate's memory carry the grate's id. */
static int call_for(uint64_t nr, uint64_t grate, uint64_t cage, uint64_t a1, uint64_t a1c, uint64_t a2,
                    uint64_t a2c, uint64_t a3, uint64_t a3c) {
    return make_threei_call((unsigned)nr, 0, grate, cage, a1, a1c, a2, a2c, a3, a3c, 0, cage, 0, cage, 0,
                            cage, TRANSLATE_ERRNO_OFF);
}

/* Keeps the kernel from handing out fd number `fd` while a pipe end sits
 * there (after dup2 onto 0..511): a /dev/null placeholder, opened and
 * moved onto fd for the cage (replacing whatever kernel fd was there, as
 * dup2 does). 1 with a placeholder, 0 without (then the kernel's fd there
 * is just closed). */
static int make_holder(uint64_t grate, uint64_t cage, int fd, int cloexec) {
    static const char devnull[] = "/dev/null";
    uint64_t fl = cloexec ? L_O_CLOEXEC : 0;
    int k = call_for(LIND_SYS_open, grate, cage, (uint64_t)(uintptr_t)devnull, grate, fl, cage, 0, cage);
    if (k < 0) {
        call_for(LIND_SYS_close, grate, cage, (uint64_t)fd, cage, 0, cage, 0, cage);
        return 0;
    }
    if (k == fd) return 1;
    int r = call_for(LIND_SYS_dup3, grate, cage, (uint64_t)k, cage, (uint64_t)fd, cage, fl, cage);
    call_for(LIND_SYS_close, grate, cage, (uint64_t)k, cage, 0, cage, 0, cage);
    if (r < 0) {
        call_for(LIND_SYS_close, grate, cage, (uint64_t)fd, cage, 0, cage, 0, cage);
        return 0;
    }
    return 1;
}

/* Removes the pipe fd `fd` of cage (it must be one); its placeholder, if
 * any, is closed too unless keep_holder. */
static void fd_close(uint64_t grate, uint64_t cage, int fd, int keep_holder) {
    uint64_t v;
    struct end *e = fd_end(cage, fd, &v);
    if (!e) return;
    lind_grate_fdtable_remove(cage, fd);
    end_put(e);
    if ((v & V_HOLDER) && !keep_holder)
        call_for(LIND_SYS_close, grate, cage, (uint64_t)fd, cage, 0, cage, 0, cage);
}

/* ---- waiting ------------------------------------------------------------ */

/* Sleeps a little on behalf of the cage (the grate's lock is free while it
 * does). 0, or the negative result of an interrupted sleep. */
static int tick(uint64_t grate, uint64_t cage, long *delay_ns) {
    struct {
        int64_t sec, nsec;
    } ts = {0, *delay_ns};
    if (*delay_ns < 1000000) *delay_ns *= 2;
    if (*delay_ns > 1000000) *delay_ns = 1000000;
    int r = call_for(LIND_SYS_nanosleep, grate, cage, (uint64_t)(uintptr_t)&ts, grate, 0, grate, 0, cage);
    return r < 0 ? r : 0;
}

#define DELAY0 50000L

/* ---- read / write ------------------------------------------------------- */

static int pipe_read(uint64_t grate, uint64_t cage, struct end *e, uint64_t addr, uint64_t bufcage,
                     uint64_t count) {
    if (e->write) return -EBADF;
    if (count == 0) return 0;
    char bounce[BOUNCE];
    long delay = DELAY0;
    struct pipe *p = e->p;
    for (;;) {
        if (p->len > 0) {
            uint32_t n = ring_take(p, bounce, count < BOUNCE ? (uint32_t)count : BOUNCE);
            int r = lind_grate_write(bufcage, addr, bounce, n);
            return r < 0 ? r : (int)n;
        }
        if (p->writers == 0) return 0; /* EOF */
        if (e->nonblock) return -EAGAIN;
        int r = tick(grate, cage, &delay);
        if (r < 0) return r;
    }
}

/* No reader: EPIPE, and SIGPIPE to the cage (as Linux sends it). */
static int broken(uint64_t grate, uint64_t cage) {
    call_for(LIND_SYS_kill, grate, cage, cage, cage, L_SIGPIPE, cage, 0, cage);
    return -EPIPE;
}

/* Writes `count` bytes taken from the cage by `fill` (which copies the
 * next `n` bytes of the source into a buffer). */
typedef int (*fill_fn)(void *src, uint64_t at, char *dst, uint32_t n);

struct cage_src {
    uint64_t cage, addr;
};
static int fill_cage(void *src, uint64_t at, char *dst, uint32_t n) {
    struct cage_src *s = src;
    return lind_grate_read(s->cage, s->addr + at, dst, n);
}

static int64_t pipe_write(uint64_t grate, uint64_t cage, struct end *e, fill_fn fill, void *src,
                          uint64_t count) {
    if (!e->write) return -EBADF;
    struct pipe *p = e->p;
    if (count == 0) return p->readers ? 0 : broken(grate, cage);
    if (count > 0x7fffffff) count = 0x7fffffff;
    char bounce[BOUNCE];
    long delay = DELAY0;
    uint64_t done = 0;
    int atomic = count <= IPC_PIPE_BUF;
    while (done < count) {
        uint32_t n = count - done < BOUNCE ? (uint32_t)(count - done) : BOUNCE;
        int r = fill(src, done, bounce, n); /* a call: state may change */
        if (r < 0) return done ? (int64_t)done : r;
        uint32_t off = 0;
        while (off < n) {
            if (p->readers == 0) return done ? (int64_t)done : broken(grate, cage);
            uint32_t room = PIPE_CAP - p->len;
            if (room == 0 || (atomic && room < n)) {
                if (e->nonblock) return done ? (int64_t)done : -EAGAIN;
                r = tick(grate, cage, &delay);
                if (r < 0) return done ? (int64_t)done : r;
                continue;
            }
            uint32_t k = ring_put(p, bounce + off, n - off);
            off += k;
            done += k;
            delay = DELAY0;
        }
    }
    return (int64_t)done;
}

H(h_read) {
    UNUSED_ARGS;
    struct end *e = fd_end(a1c, (int)a1, NULL);
    if (!e) return FORWARD(LIND_SYS_read);
    return pipe_read(grate, a1c, e, a2, a2c, a3);
}

H(h_write) {
    UNUSED_ARGS;
    struct end *e = fd_end(a1c, (int)a1, NULL);
    if (!e) return FORWARD(LIND_SYS_write);
    struct cage_src s = {a2c, a2};
    return (int)pipe_write(grate, a1c, e, fill_cage, &s, a3);
}

/* iovecs cross as wasm32 {u32 base, u32 len}. */
struct iov_src {
    uint64_t cage;
    const uint32_t *iov;
    int cnt;
};
static int fill_iov(void *src, uint64_t at, char *dst, uint32_t n) {
    struct iov_src *s = src;
    for (int i = 0; i < s->cnt && n > 0; i++) {
        uint64_t len = s->iov[2 * i + 1];
        if (at >= len) {
            at -= len;
            continue;
        }
        uint32_t k = len - at < n ? (uint32_t)(len - at) : n;
        int r = lind_grate_read(s->cage, s->iov[2 * i] + at, dst, k);
        if (r < 0) return r;
        dst += k;
        n -= k;
        at = 0;
    }
    return 0;
}

static int read_iov(uint64_t cage, uint64_t addr, int cnt, uint32_t *iov, uint64_t *total) {
    if (cnt < 0 || cnt > MAX_IOV) return -EINVAL;
    int r = lind_grate_read(cage, addr, iov, (size_t)cnt * 8);
    if (r < 0) return r;
    *total = 0;
    for (int i = 0; i < cnt; i++) *total += iov[2 * i + 1];
    return 0;
}

H(h_writev) {
    UNUSED_ARGS;
    struct end *e = fd_end(a1c, (int)a1, NULL);
    if (!e) return FORWARD(LIND_SYS_writev);
    uint32_t iov[2 * MAX_IOV];
    uint64_t total;
    int r = read_iov(a2c, a2, (int)a3, iov, &total);
    if (r < 0) return r;
    struct iov_src s = {a2c, iov, (int)a3};
    return (int)pipe_write(grate, a1c, e, fill_iov, &s, total);
}

H(h_readv) {
    UNUSED_ARGS;
    struct end *e = fd_end(a1c, (int)a1, NULL);
    if (!e) return FORWARD(LIND_SYS_readv);
    uint32_t iov[2 * MAX_IOV];
    uint64_t total;
    int cnt = (int)a3;
    int r = read_iov(a2c, a2, cnt, iov, &total);
    if (r < 0) return r;
    /* As read: take what is there (up to the iovecs' total), then scatter. */
    if (e->write) return -EBADF;
    if (total == 0) return 0;
    char bounce[BOUNCE];
    long delay = DELAY0;
    struct pipe *p = e->p;
    for (;;) {
        if (p->len > 0) {
            uint32_t n = ring_take(p, bounce, total < BOUNCE ? (uint32_t)total : BOUNCE);
            uint32_t off = 0;
            for (int i = 0; i < cnt && off < n; i++) {
                uint32_t k = iov[2 * i + 1] < n - off ? iov[2 * i + 1] : n - off;
                if (!k) continue;
                r = lind_grate_write(a2c, iov[2 * i], bounce + off, k);
                if (r < 0) return r;
                off += k;
            }
            return (int)n;
        }
        if (p->writers == 0) return 0;
        if (e->nonblock) return -EAGAIN;
        r = tick(grate, a1c, &delay);
        if (r < 0) return r;
    }
}

H(h_pread) {
    UNUSED_ARGS;
    if (!fd_end(a1c, (int)a1, NULL)) return FORWARD(LIND_SYS_pread64);
    return -ESPIPE;
}
H(h_pwrite) {
    UNUSED_ARGS;
    if (!fd_end(a1c, (int)a1, NULL)) return FORWARD(LIND_SYS_pwrite64);
    return -ESPIPE;
}
H(h_lseek) {
    UNUSED_ARGS;
    if (!fd_end(a1c, (int)a1, NULL)) return FORWARD(LIND_SYS_lseek);
    return -ESPIPE;
}

/* ---- pipe / close / dup / fcntl ----------------------------------------- */

static int do_pipe(uint64_t cage, uint64_t addr, uint64_t addrcage, int flags) {
    if (flags & ~(L_O_NONBLOCK | L_O_CLOEXEC | L_O_DIRECT)) return -EINVAL;
    if (!addr) return -EFAULT;
    int nb = (flags & L_O_NONBLOCK) != 0;
    uint64_t cx = (flags & L_O_CLOEXEC) ? V_CLOEXEC : 0;
    struct pipe *p = pipe_new();
    if (!p) return -ENFILE;
    struct end *r = end_new(p, 0, nb);
    struct end *w = r ? end_new(p, 1, nb) : NULL;
    if (!w) {
        if (r) r->refs = 0;
        p->used = 0;
        return -ENFILE;
    }
    int fds[2];
    fds[0] = lind_grate_fdtable_alloc(cage, IPC_FD_BASE, end_value(r) | cx);
    fds[1] = fds[0] < 0 ? fds[0] : lind_grate_fdtable_alloc(cage, IPC_FD_BASE, end_value(w) | cx);
    int err = fds[1] < 0 ? (fds[1] == -ENOMEM ? -ENOMEM : -EMFILE) : 0;
    if (!err) err = lind_grate_write(addrcage, addr, fds, sizeof fds);
    if (err) {
        if (fds[0] >= 0) lind_grate_fdtable_remove(cage, fds[0]);
        if (fds[1] >= 0) lind_grate_fdtable_remove(cage, fds[1]);
        r->refs = w->refs = 0;
        p->used = 0;
        return err;
    }
    return 0;
}

H(h_pipe) {
    UNUSED_ARGS;
    return do_pipe(a1c, a1, a1c, 0);
}
H(h_pipe2) {
    UNUSED_ARGS;
    return do_pipe(a1c, a1, a1c, (int)a2);
}

H(h_close) {
    UNUSED_ARGS;
    if (!fd_end(a1c, (int)a1, NULL)) return FORWARD(LIND_SYS_close);
    fd_close(grate, a1c, (int)a1, 0);
    return 0;
}

/* Puts end e at newfd (closing what was there, a pipe fd or a kernel fd). */
static int dup_to(uint64_t grate, uint64_t cage, struct end *e, int newfd, int cloexec) {
    if (newfd < 0 || newfd >= LIND_GRATE_FD_MAX) return -EBADF;
    uint64_t old;
    uint64_t holder = 0;
    e->refs++; /* e stays alive even if newfd held its last reference */
    if (fd_end(cage, newfd, &old)) {
        holder = old & V_HOLDER;
        fd_close(grate, cage, newfd, 1);
        if (holder && (((old & V_CLOEXEC) != 0) != (cloexec != 0)))
            call_for(LIND_SYS_fcntl, grate, cage, (uint64_t)newfd, cage, L_F_SETFD, cage,
                     cloexec ? L_FD_CLOEXEC : 0, cage);
    } else if (newfd < IPC_FD_BASE) {
        holder = make_holder(grate, cage, newfd, cloexec) ? V_HOLDER : 0;
    } else {
        call_for(LIND_SYS_close, grate, cage, (uint64_t)newfd, cage, 0, cage, 0, cage);
    }
    int r = lind_grate_fdtable_set(cage, newfd, end_value(e) | holder | (cloexec ? V_CLOEXEC : 0));
    if (r < 0) {
        end_put(e);
        return r;
    }
    return newfd;
}

static int dup_min(uint64_t cage, struct end *e, int minfd, int cloexec) {
    if (minfd < IPC_FD_BASE) minfd = IPC_FD_BASE;
    int fd = lind_grate_fdtable_alloc(cage, minfd, end_value(e) | (cloexec ? V_CLOEXEC : 0));
    if (fd < 0) return fd == -ENOMEM ? -ENOMEM : -EMFILE;
    e->refs++;
    return fd;
}

H(h_dup) {
    UNUSED_ARGS;
    struct end *e = fd_end(a1c, (int)a1, NULL);
    if (!e) return FORWARD(LIND_SYS_dup);
    return dup_min(a1c, e, IPC_FD_BASE, 0);
}

/* A kernel fd onto newfd: the kernel's dup2 replaces a placeholder; a pipe
 * fd there is dropped once the kernel call succeeded. */
static int kernel_dup_onto(uint64_t nr, uint64_t grate, uint64_t cage, uint64_t a1, uint64_t a2,
                           uint64_t a3) {
    int r = call_for(nr, grate, cage, a1, cage, a2, cage, a3, cage);
    if (r >= 0 && fd_end(cage, (int)a2, NULL)) fd_close(grate, cage, (int)a2, 1);
    return r;
}

H(h_dup2) {
    UNUSED_ARGS;
    int oldfd = (int)a1, newfd = (int)a2;
    struct end *e = fd_end(a1c, oldfd, NULL);
    if (!e) {
        if (fd_end(a1c, newfd, NULL)) return kernel_dup_onto(LIND_SYS_dup2, grate, a1c, a1, a2, 0);
        return FORWARD(LIND_SYS_dup2);
    }
    if (oldfd == newfd) return newfd;
    return dup_to(grate, a1c, e, newfd, 0);
}

H(h_dup3) {
    UNUSED_ARGS;
    int oldfd = (int)a1, newfd = (int)a2, flags = (int)a3;
    struct end *e = fd_end(a1c, oldfd, NULL);
    if (!e) {
        if (oldfd != newfd && fd_end(a1c, newfd, NULL))
            return kernel_dup_onto(LIND_SYS_dup3, grate, a1c, a1, a2, a3);
        return FORWARD(LIND_SYS_dup3);
    }
    if (oldfd == newfd || (flags & ~L_O_CLOEXEC)) return -EINVAL;
    return dup_to(grate, a1c, e, newfd, (flags & L_O_CLOEXEC) != 0);
}

H(h_fcntl) {
    UNUSED_ARGS;
    int fd = (int)a1, cmd = (int)a2;
    uint64_t v;
    struct end *e = fd_end(a1c, fd, &v);
    if (!e) return FORWARD(LIND_SYS_fcntl);
    switch (cmd) {
    case L_F_DUPFD:
    case L_F_DUPFD_CLOEXEC:
        if ((int)a3 < 0 || (int)a3 >= LIND_GRATE_FD_MAX) return -EINVAL;
        return dup_min(a1c, e, (int)a3, cmd == L_F_DUPFD_CLOEXEC);
    case L_F_GETFD: return (v & V_CLOEXEC) ? L_FD_CLOEXEC : 0;
    case L_F_SETFD: {
        uint64_t nv = (v & ~V_CLOEXEC) | (((int)a3 & L_FD_CLOEXEC) ? V_CLOEXEC : 0);
        int r = lind_grate_fdtable_set(a1c, fd, nv);
        if (r == 0 && (v & V_HOLDER)) /* keep the placeholder in step */
            call_for(LIND_SYS_fcntl, grate, a1c, (uint64_t)fd, a1c, L_F_SETFD, a1c, a3, a1c);
        return r;
    }
    case L_F_GETFL: return (e->write ? L_O_WRONLY : 0) | (e->nonblock ? L_O_NONBLOCK : 0);
    case L_F_SETFL: e->nonblock = ((int)a3 & L_O_NONBLOCK) != 0; return 0;
    case L_F_GETPIPE_SZ: return PIPE_CAP;
    case L_F_SETPIPE_SZ:
        if ((int)a3 < 0) return -EINVAL;
        return (int)a3 <= PIPE_CAP ? PIPE_CAP : -EPERM; /* the size is fixed */
    default: return -EINVAL;
    }
}

H(h_ioctl) {
    UNUSED_ARGS;
    struct end *e = fd_end(a1c, (int)a1, NULL);
    if (!e) return FORWARD(LIND_SYS_ioctl);
    switch ((uint32_t)a2) {
    case L_FIONREAD: {
        int n = (int)e->p->len;
        return lind_grate_write(a3c, a3, &n, sizeof n);
    }
    case L_FIONBIO: {
        int on;
        int r = lind_grate_read(a3c, a3, &on, sizeof on);
        if (r < 0) return r;
        e->nonblock = on != 0;
        return 0;
    }
    default: return -ENOTTY;
    }
}

/* Linux x86-64 struct stat (144 bytes). */
H(h_fstat) {
    UNUSED_ARGS;
    struct end *e = fd_end(a1c, (int)a1, NULL);
    if (!e) return FORWARD(LIND_SYS_fstat);
    unsigned char st[144];
    memset(st, 0, sizeof st);
    uint64_t dev = 0x49504321; /* "IPC!" */
    uint64_t nlink = 1, blksize = IPC_PIPE_BUF;
    uint32_t mode = L_S_IFIFO | 0600;
    memcpy(st + 0, &dev, 8);
    memcpy(st + 8, &e->p->ino, 8);
    memcpy(st + 16, &nlink, 8);
    memcpy(st + 24, &mode, 4);
    memcpy(st + 56, &blksize, 8);
    return lind_grate_write(a2c, a2, st, sizeof st);
}

/* ---- poll --------------------------------------------------------------- */

struct l_pollfd {
    int32_t fd;
    int16_t events, revents;
};

static int64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int16_t pipe_revents(struct end *e, int16_t events) {
    struct pipe *p = e->p;
    int16_t r = 0;
    if (e->write) {
        if (p->readers == 0) r |= L_POLLERR;
        else if (PIPE_CAP - p->len >= IPC_PIPE_BUF) r |= events & (L_POLLOUT | L_POLLWRNORM);
    } else {
        if (p->len > 0) r |= events & (L_POLLIN | L_POLLRDNORM);
        if (p->writers == 0) r |= L_POLLHUP;
    }
    return r;
}

H(h_poll) {
    UNUSED_ARGS;
    uint64_t n = a2;
    int timeout = (int)a3;
    if (n > MAX_POLL) return FORWARD(LIND_SYS_poll);
    struct l_pollfd fds[MAX_POLL], kfds[MAX_POLL];
    int kidx[MAX_POLL];
    if (n && lind_grate_read(a1c, a1, fds, n * sizeof fds[0]) < 0) return FORWARD(LIND_SYS_poll);
    int any = 0;
    for (uint64_t i = 0; i < n; i++)
        if (fd_end(a1c, fds[i].fd, NULL)) any = 1;
    if (!any) return FORWARD(LIND_SYS_poll);
    int64_t deadline = timeout > 0 ? now_ms() + timeout : 0;
    long delay = DELAY0;
    for (;;) {
        int ready = 0, nk = 0;
        for (uint64_t i = 0; i < n; i++) {
            fds[i].revents = 0;
            if (fds[i].fd < 0) continue;
            struct end *e = fd_end(a1c, fds[i].fd, NULL);
            if (e) {
                fds[i].revents = pipe_revents(e, fds[i].events);
                if (fds[i].revents) ready++;
            } else {
                kidx[nk] = (int)i;
                kfds[nk++] = fds[i];
            }
        }
        if (nk) {
            int r = call_for(LIND_SYS_poll, grate, a1c, (uint64_t)(uintptr_t)kfds, grate, (uint64_t)nk, a1c,
                             0, a1c);
            if (r < 0) return r;
            for (int j = 0; j < nk; j++) {
                fds[kidx[j]].revents = kfds[j].revents;
                if (kfds[j].revents) ready++;
            }
        }
        if (ready || timeout == 0 || (timeout > 0 && now_ms() >= deadline)) {
            int r = n ? lind_grate_write(a1c, a1, fds, n * sizeof fds[0]) : 0;
            return r < 0 ? r : ready;
        }
        int r = tick(grate, a1c, &delay);
        if (r < 0) return -EINTR;
    }
}

/* ---- processes ---------------------------------------------------------- */

static void drop_fds(uint64_t grate, uint64_t cage, int only_cloexec) {
    for (int fd = 0; fd < LIND_GRATE_FD_MAX && lind_grate_fdtable_count(cage) > 0; fd++) {
        uint64_t v;
        if (!fd_end(cage, fd, &v)) continue;
        if (only_cloexec && !(v & V_CLOEXEC)) continue;
        /* the kernel closes placeholders itself (exit; exec: they are
         * close-on-exec exactly when the pipe fd is) */
        fd_close(grate, cage, fd, 1);
    }
    if (!only_cloexec) lind_grate_fdtable_drop(cage);
}

H(h_clone) {
    UNUSED_ARGS;
    int r = FORWARD(LIND_SYS_clone);
    if (r > 0 && lind_grate_fdtable_count(a1c) > 0) {
        uint64_t child = (uint64_t)r;
        if (lind_grate_fdtable_fork(a1c, child) == 0)
            for (int fd = 0; fd < LIND_GRATE_FD_MAX; fd++) {
                struct end *e = fd_end(child, fd, NULL);
                if (e) e->refs++;
            }
    }
    return r;
}

H(h_execve) {
    UNUSED_ARGS;
    int r = FORWARD(LIND_SYS_execve);
    if (r >= 0) drop_fds(grate, a1c, 1);
    return r;
}

H(h_exit_group) {
    UNUSED_ARGS;
    drop_fds(grate, a1c, 0);
    return FORWARD(LIND_SYS_exit_group);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: ipc-grate PROGRAM [ARGS...]\n");
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    static const struct {
        uint64_t nr;
        lind_grate_handler fn;
    } table[] = {
        {LIND_SYS_pipe, h_pipe},       {LIND_SYS_pipe2, h_pipe2},     {LIND_SYS_read, h_read},
        {LIND_SYS_write, h_write},     {LIND_SYS_readv, h_readv},     {LIND_SYS_writev, h_writev},
        {LIND_SYS_pread64, h_pread},   {LIND_SYS_pwrite64, h_pwrite}, {LIND_SYS_lseek, h_lseek},
        {LIND_SYS_close, h_close},     {LIND_SYS_dup, h_dup},         {LIND_SYS_dup2, h_dup2},
        {LIND_SYS_dup3, h_dup3},       {LIND_SYS_fcntl, h_fcntl},     {LIND_SYS_ioctl, h_ioctl},
        {LIND_SYS_fstat, h_fstat},     {LIND_SYS_poll, h_poll},       {LIND_SYS_clone, h_clone},
        {LIND_SYS_execve, h_execve},   {LIND_SYS_exit_group, h_exit_group},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) lind_grate_register(&g, table[i].nr, table[i].fn);
    return lind_grate_run(&g, &argv[1]);
}
