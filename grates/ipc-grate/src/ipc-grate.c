/* ipc-grate: pipes and AF_UNIX sockets between the cages of the program
 * it runs, kept in the grate's memory. pipe/pipe2 create a ring buffer
 * (64 KiB, as Linux) with two virtual fds numbered from IPC_FD_BASE (512),
 * so they never collide with the kernel's low-numbered fds; every fd call
 * on them is served here and any other fd is forwarded unchanged. A
 * connected socket is two such rings crossed over (see "sockets" below).
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

/* Linux x86-64 values, as they cross the wire. */
#define L_O_WRONLY 01
#define L_O_RDWR 02
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
#define L_S_IFSOCK 0140000
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
#define L_POLLWRBAND 0x200
#define L_POLLRDHUP 0x2000
#define L_AF_UNIX 1
#define L_AF_UNSPEC 0
#define L_SOCK_STREAM 1
#define L_SOCK_DGRAM 2
#define L_SOCK_SEQPACKET 5
#define L_SOCK_TYPE_MASK 0xf
#define L_SOCK_NONBLOCK 04000
#define L_SOCK_CLOEXEC 02000000
#define L_MSG_OOB 0x1
#define L_MSG_PEEK 0x2
#define L_MSG_CTRUNC 0x8
#define L_MSG_TRUNC 0x20
#define L_MSG_DONTWAIT 0x40
#define L_MSG_WAITALL 0x100
#define L_MSG_NOSIGNAL 0x4000
#define L_MSG_CMSG_CLOEXEC 0x40000000
#define L_SCM_RIGHTS 1
#define L_SOL_SOCKET 1
#define L_SO_REUSEADDR 2
#define L_SO_TYPE 3
#define L_SO_ERROR 4
#define L_SO_SNDBUF 7
#define L_SO_RCVBUF 8
#define L_SO_KEEPALIVE 9
#define L_SO_PASSCRED 16
#define L_SO_ACCEPTCONN 30
#define L_SO_PROTOCOL 38
#define L_SO_DOMAIN 39
#define L_SUN_LEN 110 /* sizeof(struct sockaddr_un): u16 family + 108 path */

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
    int socks;            /* sockets pointing at it (their rx or tx) */
    uint32_t head, len;   /* ring: bytes [head, head+len) mod PIPE_CAP */
    uint32_t nrec;        /* records held (a SOCK_DGRAM socket's queue) */
    uint64_t rpos;        /* bytes taken out since it was made: data at head is byte rpos */
    uint64_t ino;
    char buf[PIPE_CAP];
};

/* An open file description of one end: shared by dup'd fds and across
 * fork; refs counts the fd-table entries (in every cage) naming it. */
struct end {
    int refs;
    int write; /* 1: the write end */
    int nonblock;
    struct pipe *p;    /* a pipe end, or */
    struct sock *s;    /* a socket */
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
            p->socks = 0;
            p->head = p->len = p->nrec = 0;
            p->rpos = 0;
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

static void flights_drop(struct pipe *p);

static void pipe_unref(struct pipe *p) {
    if (p->readers == 0 && p->writers == 0 && p->socks == 0) {
        p->used = 0;
        flights_drop(p);
    }
}

static void sock_release(struct sock *s);

static void end_put(struct end *e) {
    if (--e->refs > 0) return;
    if (e->s) {
        sock_release(e->s);
        e->s = NULL;
        return;
    }
    struct pipe *p = e->p;
    if (e->write) p->writers--;
    else p->readers--;
    pipe_unref(p);
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

/* Copies n bytes starting `off` bytes into the ring's data (n + off <=
 * len) without taking them. */
static void ring_copy(struct pipe *p, uint32_t off, char *dst, uint32_t n) {
    uint32_t at = (p->head + off) % PIPE_CAP;
    uint32_t first = PIPE_CAP - at < n ? PIPE_CAP - at : n;
    memcpy(dst, p->buf + at, first);
    memcpy(dst + first, p->buf, n - first);
}

static void ring_drop(struct pipe *p, uint32_t n) {
    p->rpos += n;
    p->head = (p->head + n) % PIPE_CAP;
    p->len -= n;
    if (p->len == 0) p->head = 0;
}

static uint32_t ring_take(struct pipe *p, char *dst, uint32_t n) {
    if (n > p->len) n = p->len;
    ring_copy(p, 0, dst, n);
    ring_drop(p, n);
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
static int call_for(uint64_t nr, uint64_t grate, uint64_t cage, uint64_t a1, uint64_t a1cage, uint64_t a2,
                    uint64_t a2cage, uint64_t a3, uint64_t a3cage) {
    return make_threei_call((unsigned)nr, 0, grate, cage, a1, a1cage, a2, a2cage, a3, a3cage, 0, cage, 0, cage, 0,
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

/* No reader: EPIPE, and SIGPIPE to the cage (as Linux sends it) unless
 * nosig (a socket send with MSG_NOSIGNAL). */
static int broken(uint64_t grate, uint64_t cage, int nosig) {
    if (!nosig) call_for(LIND_SYS_kill, grate, cage, cage, cage, L_SIGPIPE, cage, 0, cage);
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

/* How a write waits and fails: nonblock gives EAGAIN instead of
 * sleeping, nosig suppresses SIGPIPE, atomic writes all or nothing. */
struct wmode {
    int nonblock, nosig, atomic;
};

struct passed;
/* The fd-carrying segment a stream write is making: its flight (index +
 * 1, 0: none yet or no longer extended) and first byte. */
struct seg {
    int id;
    uint64_t start;
};
static int seg_room(const struct passed *ps);
static void seg_commit(struct pipe *p, uint64_t at, uint32_t k, struct passed *ps, struct seg *g);

/* With ps (a stream sendmsg with SCM_RIGHTS): the fds go with the bytes
 * this call commits, from its first byte on (see "stream segments"). No
 * bytes, no fds: the caller closes them. */
static int64_t ring_write(uint64_t grate, uint64_t cage, struct pipe *p, struct wmode m, fill_fn fill,
                          void *src, uint64_t count, struct passed *ps) {
    if (count == 0) return p->readers ? 0 : broken(grate, cage, m.nosig);
    if (count > 0x7fffffff) count = 0x7fffffff;
    char bounce[BOUNCE];
    long delay = DELAY0;
    uint64_t done = 0;
    int atomic = m.atomic;
    struct seg g = {0, 0};
    while (done < count) {
        uint32_t n = count - done < BOUNCE ? (uint32_t)(count - done) : BOUNCE;
        int r = fill(src, done, bounce, n); /* a call: state may change */
        if (r < 0) return done ? (int64_t)done : r;
        uint32_t off = 0;
        while (off < n) {
            if (p->readers == 0) return done ? (int64_t)done : broken(grate, cage, m.nosig);
            uint32_t room = PIPE_CAP - p->len;
            if (room == 0 || (atomic && room < n)) {
                if (m.nonblock) return done ? (int64_t)done : -EAGAIN;
                r = tick(grate, cage, &delay);
                if (r < 0) return done ? (int64_t)done : r;
                continue;
            }
            if (ps && !seg_room(ps)) return done ? (int64_t)done : -ETOOMANYREFS;
            uint64_t at = p->rpos + p->len;
            uint32_t k = ring_put(p, bounce + off, n - off);
            if (ps) seg_commit(p, at, k, ps, &g);
            off += k;
            done += k;
            delay = DELAY0;
        }
    }
    return (int64_t)done;
}

static int64_t pipe_write(uint64_t grate, uint64_t cage, struct end *e, fill_fn fill, void *src,
                          uint64_t count) {
    if (!e->write) return -EBADF;
    struct wmode m = {e->nonblock, 0, count <= IPC_PIPE_BUF};
    return ring_write(grate, cage, e->p, m, fill, src, count, NULL);
}

/* Where received bytes go: `len` bytes at addr, or the iovecs (wasm32
 * {u32 base, u32 len}) when iov is set. */
struct sink {
    uint64_t cage, addr, len;
    const uint32_t *iov;
    int cnt;
};

static int sink_put(const struct sink *k, uint64_t at, const char *src, uint32_t n) {
    if (!k->iov) return n ? lind_grate_write(k->cage, k->addr + at, src, n) : 0;
    for (int i = 0; i < k->cnt && n > 0; i++) {
        uint64_t len = k->iov[2 * i + 1];
        if (at >= len) {
            at -= len;
            continue;
        }
        uint32_t c = len - at < n ? (uint32_t)(len - at) : n;
        int r = lind_grate_write(k->cage, k->iov[2 * i] + at, src, c);
        if (r < 0) return r;
        src += c;
        n -= c;
        at = 0;
    }
    return 0;
}

struct uaddr;
struct passed;
struct rmeta;
static int64_t sock_send(uint64_t grate, uint64_t cage, struct end *e, fill_fn fill, void *src,
                         uint64_t count, int flags, const struct uaddr *to, struct passed *ps);
static int64_t sock_recv(uint64_t grate, uint64_t cage, struct end *e, const struct sink *k, int flags,
                         struct rmeta *rm);

LIND_GRATE_HANDLER(h_read) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e = fd_end(a1cage, (int)a1, NULL);
    if (!e) return LIND_GRATE_FORWARD(LIND_SYS_read);
    if (e->s) {
        struct sink k = {a2cage, a2, a3, NULL, 0};
        return (int)sock_recv(grate, a1cage, e, &k, 0, NULL);
    }
    return pipe_read(grate, a1cage, e, a2, a2cage, a3);
}

LIND_GRATE_HANDLER(h_write) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e = fd_end(a1cage, (int)a1, NULL);
    if (!e) return LIND_GRATE_FORWARD(LIND_SYS_write);
    struct cage_src s = {a2cage, a2};
    if (e->s) return (int)sock_send(grate, a1cage, e, fill_cage, &s, a3, 0, NULL, NULL);
    return (int)pipe_write(grate, a1cage, e, fill_cage, &s, a3);
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

LIND_GRATE_HANDLER(h_writev) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e = fd_end(a1cage, (int)a1, NULL);
    if (!e) return LIND_GRATE_FORWARD(LIND_SYS_writev);
    uint32_t iov[2 * MAX_IOV];
    uint64_t total;
    int r = read_iov(a2cage, a2, (int)a3, iov, &total);
    if (r < 0) return r;
    struct iov_src s = {a2cage, iov, (int)a3};
    if (e->s) return (int)sock_send(grate, a1cage, e, fill_iov, &s, total, 0, NULL, NULL);
    return (int)pipe_write(grate, a1cage, e, fill_iov, &s, total);
}

LIND_GRATE_HANDLER(h_readv) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e = fd_end(a1cage, (int)a1, NULL);
    if (!e) return LIND_GRATE_FORWARD(LIND_SYS_readv);
    uint32_t iov[2 * MAX_IOV];
    uint64_t total;
    int cnt = (int)a3;
    int r = read_iov(a2cage, a2, cnt, iov, &total);
    if (r < 0) return r;
    if (e->s) {
        struct sink k = {a2cage, 0, total, iov, cnt};
        return (int)sock_recv(grate, a1cage, e, &k, 0, NULL);
    }
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
                r = lind_grate_write(a2cage, iov[2 * i], bounce + off, k);
                if (r < 0) return r;
                off += k;
            }
            return (int)n;
        }
        if (p->writers == 0) return 0;
        if (e->nonblock) return -EAGAIN;
        r = tick(grate, a1cage, &delay);
        if (r < 0) return r;
    }
}

LIND_GRATE_HANDLER(h_pread) {
    LIND_GRATE_UNUSED_ARGS;
    if (!fd_end(a1cage, (int)a1, NULL)) return LIND_GRATE_FORWARD(LIND_SYS_pread64);
    return -ESPIPE;
}
LIND_GRATE_HANDLER(h_pwrite) {
    LIND_GRATE_UNUSED_ARGS;
    if (!fd_end(a1cage, (int)a1, NULL)) return LIND_GRATE_FORWARD(LIND_SYS_pwrite64);
    return -ESPIPE;
}
LIND_GRATE_HANDLER(h_lseek) {
    LIND_GRATE_UNUSED_ARGS;
    if (!fd_end(a1cage, (int)a1, NULL)) return LIND_GRATE_FORWARD(LIND_SYS_lseek);
    return -ESPIPE;
}

/* ---- sockets ------------------------------------------------------------ */

/* AF_UNIX SOCK_STREAM and SOCK_SEQPACKET. A connected socket reads its rx
 * ring and writes its peer's (tx): connect and socketpair make two pipes
 * and cross them over, so EOF, EPIPE, blocking and poll are the pipes'.
 * The socket counts as the only reader of rx and the only writer of tx;
 * shutdown drops those counts early and close drops the rest. A
 * SOCK_SEQPACKET ring holds records (struct rec_hdr, then the bytes). A
 * listening socket holds the server ends of connections not yet accepted:
 * connect makes them, accept hands them out. Names (bound paths and
 * abstract names) live only here: a path bind makes no file.
 *
 * SOCK_DGRAM: each socket owns its rx ring, its receive queue, holding
 * records with the sender's address; it has no tx. A sender finds the
 * receiver by name or by its default peer (dpeer, set by connect or
 * socketpair) and puts the record straight into the receiver's ring.
 *
 * SCM_RIGHTS: the descriptions (struct end) of the fds passed travel in a
 * flight, named by the record they came with; the flight holds one
 * reference on each until the receiver gets new fds for them.
 *
 * Stream segments: on a SOCK_STREAM ring a flight names instead the bytes
 * [start, end) of the stream (positions counted as the ring's rpos) that
 * the sendmsg carrying it wrote, as Linux attaches the fds to that
 * write's first buffer. A read that takes any byte of such a segment
 * takes its fds and ends at the segment's end at the latest; a read
 * ending before the segment leaves them. MSG_PEEK reports the first
 * pending segment's fds even when the peeked bytes end before it (as
 * Linux's unix_stream_read_generic, which walks on to it).
 *
 * Closing: a stream or seqpacket socket closed with bytes left in its
 * receive ring, or a connection closed before it was accepted, gives its
 * peer ECONNRESET (sock.err, Linux's sk_err): reported once, by the next
 * read that finds no data (a seqpacket socket: the next read or write),
 * by SO_ERROR, and as POLLERR until then. */

#define MAX_SOCKS 128
#define MAX_BACKLOG 64
#define MAX_RECORD 32768 /* largest SOCK_SEQPACKET or SOCK_DGRAM message */
#define DGRAM_QLEN 10    /* Linux's net.unix.max_dgram_qlen */
#define MAX_FLIGHTS 64   /* messages with fds in flight at once */
#define SCM_MAX_FD 253   /* fds in one message, as Linux */
#define MAX_CONTROL 4096 /* control data sendmsg reads */

/* A record in a SOCK_SEQPACKET or SOCK_DGRAM ring: this header, the
 * sender's address (alen bytes, dgram only), then len bytes of data. */
struct rec_hdr {
    uint32_t len;
    uint16_t flight; /* index + 1 of the flight with its fds, or 0 */
    uint16_t alen;
};

/* Descriptions taken out of (or going into) a flight; each holds a
 * reference. */
struct passed {
    int n;
    struct end *e[SCM_MAX_FD];
};

struct flight {
    struct pipe *ring;   /* the ring holding its record; NULL: free */
    uint64_t start, end; /* a stream segment's bytes */
    struct passed fds;
};

static struct flight flights[MAX_FLIGHTS];

static void passed_drop(struct passed *ps) {
    for (int i = 0; i < ps->n; i++) end_put(ps->e[i]);
    ps->n = 0;
}

/* Moves ps's references into a new flight for a record in ring p: its
 * index + 1, or 0 when every flight is taken. */
static int flight_new(struct pipe *p, struct passed *ps) {
    for (int i = 0; i < MAX_FLIGHTS; i++)
        if (!flights[i].ring) {
            flights[i].ring = p;
            flights[i].fds = *ps;
            ps->n = 0;
            return i + 1;
        }
    return 0;
}

/* Takes a record's fds into ps: moved out of the flight, or with peek
 * copied with new references (the record keeps its own). */
static void flight_take(int id, int peek, struct passed *ps) {
    struct flight *f = &flights[id - 1];
    *ps = f->fds;
    if (peek) {
        for (int i = 0; i < ps->n; i++) ps->e[i]->refs++;
        return;
    }
    f->ring = NULL;
}

/* A ring is freed or emptied: the fds of its records are closed. */
static void flights_drop(struct pipe *p) {
    for (int i = 0; i < MAX_FLIGHTS; i++)
        if (flights[i].ring == p) {
            flights[i].ring = NULL; /* first: end_put may come back here */
            passed_drop(&flights[i].fds);
        }
}

/* Empties a ring nobody will read again (its socket is closed), closing
 * the fds its messages carried. */
static void ring_clear(struct pipe *p) {
    ring_drop(p, p->len);
    p->nrec = 0;
    flights_drop(p);
}

static int seg_room(const struct passed *ps) {
    if (!ps->n) return 1;
    for (int i = 0; i < MAX_FLIGHTS; i++)
        if (!flights[i].ring) return 1;
    return 0;
}

/* k bytes went into stream ring p at position at: the first of them start
 * the segment carrying ps's fds; later ones extend it while they follow
 * on directly (no other writer came in between). */
static void seg_commit(struct pipe *p, uint64_t at, uint32_t k, struct passed *ps, struct seg *g) {
    if (ps->n) {
        g->id = flight_new(p, ps); /* seg_room made sure it succeeds */
        g->start = at;
        flights[g->id - 1].start = at;
        flights[g->id - 1].end = at + k;
        return;
    }
    struct flight *f = g->id ? &flights[g->id - 1] : NULL;
    if (f && f->ring == p && f->start == g->start && f->end == at) f->end += k;
    else g->id = 0; /* already read (or overtaken): the segment is closed */
}

/* The first segment of stream ring p whose fds are still there. */
static struct flight *seg_first(struct pipe *p) {
    struct flight *best = NULL;
    for (int i = 0; i < MAX_FLIGHTS; i++)
        if (flights[i].ring == p && (!best || flights[i].start < best->start)) best = &flights[i];
    return best;
}

enum { SK_NEW, SK_LISTEN, SK_CONN };

/* A socket address as it crosses: len bytes of a struct sockaddr_un
 * (len 2: unnamed). */
struct uaddr {
    uint32_t len;
    unsigned char b[L_SUN_LEN + 1]; /* a 108-byte path reports its NUL too */
};

struct sock {
    int used;
    int type;
    int state;
    int named; /* local is a bound name, found by connect */
    int shut_rd, shut_wr;
    struct pipe *rx, *tx;
    struct sock *dpeer; /* SOCK_DGRAM: the default peer */
    int peer_gone;      /* SOCK_DGRAM: the default peer was closed */
    struct sock *mate;  /* stream/seqpacket: the other end of the connection */
    int err;            /* pending error (ECONNRESET), reported once */
    struct uaddr local, peer;
    uint64_t ino;
    int backlog, nq;
    struct sock *queue[MAX_BACKLOG]; /* connected, not yet accepted */
};

static struct sock socks[MAX_SOCKS];
static unsigned autobind_next = 1;

static const struct uaddr unnamed = {2, {L_AF_UNIX, 0}};

/* A SOCK_DGRAM socket's receive queue: a ring only the socket holds. */
static struct pipe *dgram_queue(void) {
    struct pipe *p = pipe_new();
    if (p) {
        p->readers = p->writers = 0;
        p->socks = 1;
    }
    return p;
}

static struct sock *sock_new(int type) {
    for (int i = 0; i < MAX_SOCKS; i++)
        if (!socks[i].used) {
            struct sock *s = &socks[i];
            memset(s, 0, sizeof *s);
            if (type == L_SOCK_DGRAM && !(s->rx = dgram_queue())) return NULL;
            s->used = 1;
            s->type = type;
            s->local = s->peer = unnamed;
            s->ino = next_ino++;
            return s;
        }
    return NULL;
}

/* Sockets whose default peer s was learn it on their next send. */
static void dgram_orphan(struct sock *s) {
    for (int i = 0; i < MAX_SOCKS; i++)
        if (socks[i].used && socks[i].dpeer == s) {
            socks[i].dpeer = NULL;
            socks[i].peer_gone = 1;
        }
}

static void dgram_release(struct sock *s) {
    s->used = 0;
    dgram_orphan(s);
    s->rx->socks--;
    pipe_unref(s->rx);
}

/* embryo: a connection closed before it was accepted (its listener
 * closed). The peer learns ECONNRESET then, or when bytes were left
 * unread here, as Linux's unix_release_sock. */
static void sock_release_as(struct sock *s, int embryo) {
    if (s->type == L_SOCK_DGRAM) {
        dgram_release(s);
        return;
    }
    s->used = 0; /* first: closing fds in flight may come back here */
    for (int i = 0; i < s->nq; i++) sock_release_as(s->queue[i], 1);
    s->nq = 0;
    if (s->mate) {
        if (embryo || (s->rx && s->rx->len > 0)) s->mate->err = ECONNRESET;
        s->mate->mate = NULL;
        s->mate = NULL;
    }
    if (s->rx) {
        if (!s->shut_rd) s->rx->readers--;
        s->rx->socks--;
        ring_clear(s->rx); /* nobody reads it now: its fds are closed */
        pipe_unref(s->rx);
    }
    if (s->tx) {
        if (!s->shut_wr) s->tx->writers--;
        s->tx->socks--;
        pipe_unref(s->tx);
    }
}

static void sock_release(struct sock *s) { sock_release_as(s, 0); }

static int sock_inq(struct sock *s) {
    if (s->state == SK_LISTEN) return -EINVAL;
    if (!s->rx) return 0;
    if (s->type == L_SOCK_STREAM || s->rx->len == 0) return (int)s->rx->len;
    uint32_t n;
    ring_copy(s->rx, 0, (char *)&n, 4);
    return (int)n;
}

static uint64_t sock_ino(struct sock *s) { return s->ino; }

/* Connects a and b with two crossed rings. */
static int sock_wire(struct sock *a, struct sock *b) {
    struct pipe *ab = pipe_new();
    struct pipe *ba = ab ? pipe_new() : NULL;
    if (!ba) {
        if (ab) ab->used = 0;
        return -ENFILE;
    }
    ab->socks = ba->socks = 2;
    a->tx = b->rx = ab;
    a->rx = b->tx = ba;
    a->state = b->state = SK_CONN;
    a->mate = b;
    b->mate = a;
    if (a->shut_rd) ba->readers--; /* shut down before it was connected */
    if (a->shut_wr) ab->writers--;
    return 0;
}

static int dgram_pair(struct sock *a, struct sock *b) {
    a->dpeer = b;
    b->dpeer = a;
    a->state = b->state = SK_CONN;
    return 0;
}

/* The socket at fd of cage: 0 with *out set; 1 if fd is not one of ours
 * (forward the call); -ENOTSOCK for a pipe fd. */
static int fd_sock(uint64_t cage, uint64_t fd, struct end **out) {
    struct end *e = fd_end(cage, (int)fd, NULL);
    if (!e) return 1;
    if (!e->s) return -ENOTSOCK;
    *out = e;
    return 0;
}

/* Gives a new socket a description and an fd; on failure the socket is
 * released. */
static int sock_install(uint64_t cage, struct sock *s, int flags) {
    struct end *e = end_new(NULL, 0, (flags & L_SOCK_NONBLOCK) != 0);
    if (!e) {
        sock_release(s);
        return -ENFILE;
    }
    e->s = s;
    int fd = lind_grate_fdtable_alloc(cage, IPC_FD_BASE, end_value(e) | ((flags & L_SOCK_CLOEXEC) ? V_CLOEXEC : 0));
    if (fd < 0) {
        end_put(e);
        return fd == -ENOMEM ? -ENOMEM : -EMFILE;
    }
    return fd;
}

/* socket()/socketpair() arguments, in Linux's order of checks. */
static int sock_args(uint64_t type, uint64_t protocol, int *base, int *flags) {
    *base = (int)type & L_SOCK_TYPE_MASK;
    *flags = (int)type & ~L_SOCK_TYPE_MASK;
    if (*flags & ~(L_SOCK_NONBLOCK | L_SOCK_CLOEXEC)) return -EINVAL;
    if ((int)protocol != 0 && (int)protocol != L_AF_UNIX) return -EPROTONOSUPPORT;
    if (*base != L_SOCK_STREAM && *base != L_SOCK_SEQPACKET && *base != L_SOCK_DGRAM)
        return -ESOCKTNOSUPPORT;
    return 0;
}

LIND_GRATE_HANDLER(h_socket) {
    LIND_GRATE_UNUSED_ARGS;
    if ((int)a1 != L_AF_UNIX) return LIND_GRATE_FORWARD(LIND_SYS_socket);
    int base, flags;
    int r = sock_args(a2, a3, &base, &flags);
    if (r < 0) return r;
    struct sock *s = sock_new(base);
    if (!s) return -ENFILE;
    return sock_install(a1cage, s, flags);
}

LIND_GRATE_HANDLER(h_socketpair) {
    LIND_GRATE_UNUSED_ARGS;
    if ((int)a1 != L_AF_UNIX) return LIND_GRATE_FORWARD(LIND_SYS_socketpair);
    int base, flags;
    int r = sock_args(a2, a3, &base, &flags);
    if (r < 0) return r;
    struct sock *a = sock_new(base);
    struct sock *b = a ? sock_new(base) : NULL;
    if (!b) {
        if (a) sock_release(a);
        return -ENFILE;
    }
    r = base == L_SOCK_DGRAM ? dgram_pair(a, b) : sock_wire(a, b);
    if (r < 0) {
        sock_release(a);
        sock_release(b);
        return r;
    }
    int fds[2];
    fds[0] = sock_install(a1cage, a, flags);
    if (fds[0] < 0) {
        sock_release(b);
        return fds[0];
    }
    fds[1] = sock_install(a1cage, b, flags);
    if (fds[1] < 0) {
        fd_close(grate, a1cage, fds[0], 0);
        return fds[1];
    }
    r = lind_grate_write(a4cage, a4, fds, sizeof fds);
    if (r < 0) {
        fd_close(grate, a1cage, fds[0], 0);
        fd_close(grate, a1cage, fds[1], 0);
    }
    return r < 0 ? r : 0;
}

/* Reads a sockaddr_un for bind/connect and puts it in canonical form: a
 * path name ends at its first NUL and counts it (as Linux reports it), an
 * abstract name keeps the length given. */
static int read_uaddr(uint64_t cage, uint64_t addr, uint64_t len, struct uaddr *u) {
    if ((int64_t)(int32_t)len < 2 || len > L_SUN_LEN) return -EINVAL;
    memset(u, 0, sizeof *u);
    int r = lind_grate_read(cage, addr, u->b, (size_t)len);
    if (r < 0) return r;
    if (u->b[0] != L_AF_UNIX || u->b[1] != 0) return -EINVAL;
    u->len = (uint32_t)len;
    if (len > 2 && u->b[2] != 0) u->len = 2 + (uint32_t)strnlen((char *)u->b + 2, len - 2) + 1;
    return 0;
}

static struct sock *find_name(const struct uaddr *u) {
    for (int i = 0; i < MAX_SOCKS; i++)
        if (socks[i].used && socks[i].named && socks[i].local.len == u->len &&
            !memcmp(socks[i].local.b, u->b, u->len))
            return &socks[i];
    return NULL;
}

/* Writes u to a (sockaddr, socklen_t *) pair, truncated to the room the
 * caller gave, and the full length to *lenp. */
static int put_uaddr(uint64_t cage, uint64_t addr, uint64_t lenp, const struct uaddr *u) {
    int32_t room;
    int r = lind_grate_read(cage, lenp, &room, 4);
    if (r < 0) return r;
    if (room < 0) return -EINVAL;
    uint32_t n = (uint32_t)room < u->len ? (uint32_t)room : u->len;
    if (n && (r = lind_grate_write(cage, addr, u->b, n)) < 0) return r;
    return lind_grate_write(cage, lenp, &u->len, 4);
}

LIND_GRATE_HANDLER(h_bind) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_bind) : r;
    struct uaddr u;
    if ((r = read_uaddr(a2cage, a2, a3, &u)) < 0) return r;
    struct sock *s = e->s;
    if (s->local.len > 2) return -EINVAL;
    if (u.len == 2) { /* autobind: an abstract name of five hex digits */
        do {
            u.len = 2 + 1 + 5;
            snprintf((char *)u.b + 3, 6, "%05x", autobind_next++ & 0xfffff);
            u.b[2] = 0;
        } while (find_name(&u));
    } else if (find_name(&u)) {
        return -EADDRINUSE;
    }
    s->local = u;
    s->named = 1;
    return 0;
}

LIND_GRATE_HANDLER(h_listen) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_listen) : r;
    struct sock *s = e->s;
    if (s->type == L_SOCK_DGRAM) return -EOPNOTSUPP;
    if (s->state == SK_CONN || !s->named) return -EINVAL;
    unsigned backlog = (unsigned)(int)a2; /* negative: the maximum, as Linux */
    s->backlog = backlog > MAX_BACKLOG - 1 ? MAX_BACKLOG - 1 : (int)backlog;
    s->state = SK_LISTEN;
    return 0;
}

/* The SOCK_DGRAM socket named u, for a sender of type `type`: 0 with *t
 * set, or Linux's error (an abstract name is looked up per type). */
static int dgram_find(const struct uaddr *u, int type, struct sock **t) {
    *t = find_name(u);
    if (*t && (*t)->type == type) return 0;
    if (u->b[2] == 0) return -ECONNREFUSED;
    return *t ? -EPROTOTYPE : -ENOENT;
}

/* Linux's unix_may_send: a connected socket takes datagrams only from its
 * peer (a closed peer still counts until it learns). */
static int dgram_may_send(struct sock *s, struct sock *t) {
    return !t->peer_gone && (!t->dpeer || t->dpeer == s);
}

static void dgram_disconnect(struct sock *s) {
    s->dpeer = NULL;
    s->peer_gone = 0;
    s->state = SK_NEW;
    s->peer = unnamed;
}

/* connect on a datagram socket sets (or with AF_UNSPEC drops) its
 * default peer; it can be called again. */
static int dgram_connect(struct sock *s, uint64_t cage, uint64_t addr, uint64_t len) {
    uint16_t family;
    if ((int64_t)(int32_t)len < 2) return -EINVAL;
    int r = lind_grate_read(cage, addr, &family, 2);
    if (r < 0) return r;
    if (family == L_AF_UNSPEC) {
        dgram_disconnect(s);
        return 0;
    }
    struct uaddr u;
    if ((r = read_uaddr(cage, addr, len, &u)) < 0) return r;
    struct sock *t;
    if ((r = dgram_find(&u, s->type, &t)) < 0) return r;
    if (!dgram_may_send(s, t)) return -EPERM;
    s->dpeer = t;
    s->peer_gone = 0;
    s->state = SK_CONN;
    s->peer = t->local;
    return 0;
}

LIND_GRATE_HANDLER(h_connect) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_connect) : r;
    if (e->s->type == L_SOCK_DGRAM) return dgram_connect(e->s, a2cage, a2, a3);
    struct uaddr u;
    if ((r = read_uaddr(a2cage, a2, a3, &u)) < 0) return r;
    if (u.len == 2) return -EINVAL;
    struct sock *s = e->s;
    long delay = DELAY0;
    for (;;) {
        if (s->state == SK_CONN) return -EISCONN;
        if (s->state == SK_LISTEN) return -EINVAL;
        struct sock *l = find_name(&u);
        if (!l) return u.b[2] ? -ENOENT : -ECONNREFUSED; /* a path: no such file */
        if (l->type != s->type) return u.b[2] ? -EPROTOTYPE : -ECONNREFUSED;
        if (l->state != SK_LISTEN) return -ECONNREFUSED;
        if (l->nq <= l->backlog) {
            struct sock *srv = sock_new(s->type);
            if (!srv) return -ENFILE;
            if ((r = sock_wire(s, srv)) < 0) {
                srv->used = 0;
                return r;
            }
            srv->local = l->local;
            srv->peer = s->local;
            s->peer = l->local;
            l->queue[l->nq++] = srv;
            return 0;
        }
        if (e->nonblock) return -EAGAIN;
        if ((r = tick(grate, a1cage, &delay)) < 0) return r;
    }
}

static int do_accept(uint64_t grate, uint64_t cage, uint64_t fd, uint64_t addr, uint64_t addrc,
                     uint64_t lenp, int flags) {
    if (flags & ~(L_SOCK_NONBLOCK | L_SOCK_CLOEXEC)) return -EINVAL;
    int32_t room = 0;
    int r;
    if (addr && (r = lind_grate_read(addrc, lenp, &room, 4)) < 0) return r;
    if (addr && room < 0) return -EINVAL;
    long delay = DELAY0;
    for (;;) {
        struct end *e;
        r = fd_sock(cage, fd, &e);
        if (r) return r > 0 ? -EBADF : r;
        struct sock *l = e->s;
        if (l->type == L_SOCK_DGRAM) return -EOPNOTSUPP;
        if (l->state != SK_LISTEN) return -EINVAL;
        if (l->nq > 0) {
            struct sock *s = l->queue[0];
            memmove(l->queue, l->queue + 1, (size_t)--l->nq * sizeof l->queue[0]);
            int nfd = sock_install(cage, s, flags);
            if (nfd < 0 || !addr) return nfd;
            struct uaddr peer = s->peer;
            if ((r = put_uaddr(addrc, addr, lenp, &peer)) < 0) {
                fd_close(grate, cage, nfd, 0);
                return r;
            }
            return nfd;
        }
        if (e->nonblock) return -EAGAIN;
        if ((r = tick(grate, cage, &delay)) < 0) return r;
    }
}

LIND_GRATE_HANDLER(h_accept) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_accept) : r;
    return do_accept(grate, a1cage, a1, a2, a2cage, a3, 0);
}

LIND_GRATE_HANDLER(h_accept4) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_accept4) : r;
    return do_accept(grate, a1cage, a1, a2, a2cage, a3, (int)a4);
}

LIND_GRATE_HANDLER(h_getsockname) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_getsockname) : r;
    struct uaddr u = e->s->local;
    return put_uaddr(a2cage, a2, a3, &u);
}

LIND_GRATE_HANDLER(h_getpeername) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_getpeername) : r;
    if (e->s->state != SK_CONN) return -ENOTCONN;
    struct uaddr u = e->s->peer;
    return put_uaddr(a2cage, a2, a3, &u);
}

LIND_GRATE_HANDLER(h_shutdown) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_shutdown) : r;
    int how = (int)a2;
    if (how < 0 || how > 2) return -EINVAL;
    struct sock *s = e->s;
    int counted = s->type != L_SOCK_DGRAM; /* the rings' reader/writer counts */
    if (how != 1 && !s->shut_rd) { /* SHUT_RD, SHUT_RDWR */
        s->shut_rd = 1;
        if (s->rx && counted) s->rx->readers--;
    }
    if (how != 0 && !s->shut_wr) { /* SHUT_WR, SHUT_RDWR */
        s->shut_wr = 1;
        if (s->tx) s->tx->writers--;
    }
    return 0;
}

/* ---- socket data ---- */

static uint32_t rec_room(struct pipe *p) { return PIPE_CAP - p->len; }

/* Puts a record (header, sender's address, data) in p; the caller made
 * sure it fits. */
static void rec_put(struct pipe *p, const struct rec_hdr *h, const struct uaddr *from, const char *data) {
    ring_put(p, (const char *)h, sizeof *h);
    if (h->alen) ring_put(p, (const char *)from->b, h->alen);
    ring_put(p, data, h->len);
    p->nrec++;
}

/* Gives the fds in ps (if any) to a record about to go into p. */
static int rec_attach(struct pipe *p, struct rec_hdr *h, struct passed *ps) {
    h->flight = 0;
    if (!ps || !ps->n) return 0;
    int id = flight_new(p, ps);
    if (!id) return -ETOOMANYREFS;
    h->flight = (uint16_t)id;
    return 0;
}

static int64_t record_send(uint64_t grate, uint64_t cage, struct sock *s, struct wmode m, fill_fn fill,
                           void *src, uint64_t count, struct passed *ps) {
    if (count > MAX_RECORD) return -EMSGSIZE;
    char data[MAX_RECORD];
    struct rec_hdr h = {(uint32_t)count, 0, 0};
    int r = count ? fill(src, 0, data, h.len) : 0;
    if (r < 0) return r;
    long delay = DELAY0;
    for (;;) {
        struct pipe *p = s->tx;
        if (s->shut_wr || p->readers == 0) return broken(grate, cage, m.nosig);
        if (rec_room(p) >= sizeof h + h.len) {
            if ((r = rec_attach(p, &h, ps)) < 0) return r;
            rec_put(p, &h, NULL, data);
            return h.len;
        }
        if (m.nonblock) return -EAGAIN;
        if ((r = tick(grate, cage, &delay)) < 0) return r;
    }
}

/* The receiver of a datagram from s: the socket named `to`, or s's
 * default peer. A closed default peer gives ECONNREFUSED once, and s is
 * then unconnected (as Linux). */
static int dgram_target(struct sock *s, const struct uaddr *to, struct sock **t) {
    if (to) return dgram_find(to, s->type, t);
    if (s->peer_gone) {
        dgram_disconnect(s);
        return -ECONNREFUSED;
    }
    *t = s->dpeer;
    return *t ? 0 : -ENOTCONN;
}

/* No room in t's queue for `size` bytes from s. The count limit applies,
 * as Linux's unix_recvq_full, only when t is not connected back to s. */
static int dgram_full(struct sock *s, struct sock *t, uint32_t size) {
    if (t->dpeer != s && t->rx->nrec > DGRAM_QLEN) return 1;
    return rec_room(t->rx) < size;
}

/* One datagram, in Linux's order of checks; no SIGPIPE (as Linux). */
static int64_t dgram_send(uint64_t grate, uint64_t cage, struct sock *s, int nonblock, fill_fn fill,
                          void *src, uint64_t count, const struct uaddr *to, struct passed *ps) {
    if (!to && !s->dpeer && !s->peer_gone) return -ENOTCONN;
    if (count > MAX_RECORD) return -EMSGSIZE;
    if (s->shut_wr) return -EPIPE;
    char data[MAX_RECORD];
    struct uaddr from = s->local;
    struct rec_hdr h = {(uint32_t)count, 0, s->named ? (uint16_t)from.len : 0};
    int r = count ? fill(src, 0, data, h.len) : 0;
    if (r < 0) return r;
    long delay = DELAY0;
    for (;;) {
        struct sock *t;
        if ((r = dgram_target(s, to, &t)) < 0) return r;
        if (!dgram_may_send(s, t)) return -EPERM;
        if (t->shut_rd) return -EPIPE;
        if (!dgram_full(s, t, sizeof h + h.alen + h.len)) {
            if ((r = rec_attach(t->rx, &h, ps)) < 0) return r;
            rec_put(t->rx, &h, &from, data);
            return h.len;
        }
        if (nonblock) return -EAGAIN;
        if ((r = tick(grate, cage, &delay)) < 0) return r;
    }
}

/* The pending error, now reported (and cleared). */
static int sock_take_err(struct sock *s) {
    int e = s->err;
    s->err = 0;
    return e;
}

static int64_t sock_send(uint64_t grate, uint64_t cage, struct end *e, fill_fn fill, void *src,
                         uint64_t count, int flags, const struct uaddr *to, struct passed *ps) {
    struct sock *s = e->s;
    if (flags & L_MSG_OOB) return -EOPNOTSUPP;
    int nonblock = e->nonblock || (flags & L_MSG_DONTWAIT);
    if (s->type == L_SOCK_DGRAM) return dgram_send(grate, cage, s, nonblock, fill, src, count, to, ps);
    if (s->state != SK_CONN) return -ENOTCONN;
    struct wmode m = {nonblock, (flags & L_MSG_NOSIGNAL) != 0, 0};
    if (s->type == L_SOCK_SEQPACKET && s->err) return -sock_take_err(s); /* as Linux's alloc_skb */
    if (s->shut_wr) return broken(grate, cage, m.nosig);
    if (s->type == L_SOCK_SEQPACKET) return record_send(grate, cage, s, m, fill, src, count, ps);
    return ring_write(grate, cage, s->tx, m, fill, src, count, ps && ps->n ? ps : NULL);
}

/* What a receive reports besides the data. */
struct rmeta {
    int oflags;        /* MSG_TRUNC */
    struct uaddr from; /* a datagram's sender (length 0: unnamed) */
    struct passed fds; /* fds that came with the message */
};

/* Takes the next record of p (with peek, looks at it): its data up to the
 * sink's length, the rest dropped; its sender and fds to rm (without rm
 * the fds are closed). The record's full length. */
static int64_t record_take(struct pipe *p, const struct sink *k, int peek, struct rmeta *rm) {
    char data[MAX_RECORD];
    struct rec_hdr h;
    struct passed ps = {0};
    ring_copy(p, 0, (char *)&h, sizeof h);
    uint32_t c = h.len < k->len ? h.len : (uint32_t)k->len;
    ring_copy(p, sizeof h + h.alen, data, c);
    if (h.flight) flight_take(h.flight, peek, &ps);
    if (rm) {
        rm->from.len = h.alen;
        ring_copy(p, sizeof h, (char *)rm->from.b, h.alen);
        rm->fds = ps;
        if (c < h.len) rm->oflags |= L_MSG_TRUNC;
    }
    if (!peek) {
        ring_drop(p, sizeof h + h.alen + h.len);
        p->nrec--;
    }
    if (!rm) passed_drop(&ps);
    int r = sink_put(k, 0, data, c); /* after the ring is updated: a call */
    return r < 0 ? r : (int64_t)h.len;
}

/* SOCK_SEQPACKET and SOCK_DGRAM: one record per call. */
static int64_t record_recv(uint64_t grate, uint64_t cage, struct end *e, const struct sink *k, int flags,
                           struct rmeta *rm) {
    struct sock *s = e->s;
    int nonblock = e->nonblock || (flags & L_MSG_DONTWAIT);
    long delay = DELAY0;
    for (;;) {
        struct pipe *p = s->rx;
        if (s->err) return -sock_take_err(s); /* before the data, as Linux's skb_recv_datagram */
        if (p->len > 0) {
            int64_t n = record_take(p, k, (flags & L_MSG_PEEK) != 0, rm);
            if (n < 0 || (flags & L_MSG_TRUNC)) return n;
            return n < (int64_t)k->len ? n : (int64_t)k->len;
        }
        if (s->type == L_SOCK_SEQPACKET && (s->shut_rd || p->writers == 0)) return 0; /* EOF */
        if (nonblock) return -EAGAIN;
        if (s->shut_rd) return 0; /* a datagram socket: EOF only when blocking, as Linux */
        int r = tick(grate, cage, &delay);
        if (r < 0) return r;
    }
}

/* A SOCK_STREAM read: everything there up to the count, ending at the end
 * of a segment whose fds it takes (see "stream segments"); it blocks only
 * while nothing is there (MSG_WAITALL: until the count, unless fds came).
 * Without rm the fds taken are closed. */
static int64_t stream_recv(uint64_t grate, uint64_t cage, struct end *e, const struct sink *k, int flags,
                           struct rmeta *rm) {
    struct sock *s = e->s;
    int nonblock = e->nonblock || (flags & L_MSG_DONTWAIT);
    int peek = (flags & L_MSG_PEEK) != 0, waitall = !peek && (flags & L_MSG_WAITALL);
    if (k->len == 0) return 0;
    char bounce[BOUNCE];
    long delay = DELAY0;
    uint64_t done = 0;
    struct passed got = {0};
    int took = 0;        /* fds taken: the read ends at `stop` */
    uint64_t stop = 0;   /* absolute position (peek: offset from the head) */
    int64_t res;
    for (;;) {
        struct pipe *p = s->rx;
        if (p->len > 0) {
            if (peek && !took) { /* the first pending fds, wherever they are */
                struct flight *f = seg_first(p);
                if (f) {
                    flight_take((int)(f - flights) + 1, 1, &got);
                    took = 1;
                    stop = f->end - p->rpos;
                }
            }
            while (p->len > (peek ? done : 0) && done < k->len) {
                uint32_t avail = peek ? p->len - (uint32_t)done : p->len;
                uint32_t n = k->len - done < BOUNCE ? (uint32_t)(k->len - done) : BOUNCE;
                if (n > avail) n = avail;
                if (!peek && !took) {
                    struct flight *f = seg_first(p);
                    if (f && f->start < p->rpos + n) { /* the chunk reaches the segment */
                        stop = f->end;
                        flight_take((int)(f - flights) + 1, 0, &got);
                        took = 1;
                    }
                }
                if (took) {
                    uint64_t at = peek ? done : p->rpos;
                    if (at >= stop) break;
                    if (n > stop - at) n = (uint32_t)(stop - at);
                }
                ring_copy(p, peek ? (uint32_t)done : 0, bounce, n);
                if (!peek) ring_drop(p, n);
                int r = sink_put(k, done, bounce, n); /* a call: state may change */
                if (r < 0) {
                    res = done ? (int64_t)done : r;
                    goto out;
                }
                done += n;
            }
            if (took || !waitall || done == k->len) {
                res = (int64_t)done;
                goto out;
            }
            delay = DELAY0;
            continue;
        }
        if (done) { /* MSG_WAITALL cut short: what came, the error consumed */
            if (s->err || s->shut_rd || p->writers == 0) {
                sock_take_err(s);
                res = (int64_t)done;
                goto out;
            }
        } else if (s->err) {
            res = -sock_take_err(s);
            goto out;
        } else if (s->shut_rd || p->writers == 0) {
            res = 0; /* EOF */
            goto out;
        }
        if (nonblock) {
            res = done ? (int64_t)done : -EAGAIN;
            goto out;
        }
        int r = tick(grate, cage, &delay);
        if (r < 0) {
            res = done ? (int64_t)done : r;
            goto out;
        }
    }
out:
    if (rm) rm->fds = got;
    else passed_drop(&got);
    return res;
}

static int64_t sock_recv(uint64_t grate, uint64_t cage, struct end *e, const struct sink *k, int flags,
                         struct rmeta *rm) {
    struct sock *s = e->s;
    int stream = s->type == L_SOCK_STREAM;
    if (flags & L_MSG_OOB) return -EOPNOTSUPP;
    if (s->type == L_SOCK_DGRAM) return record_recv(grate, cage, e, k, flags, rm);
    if (s->state != SK_CONN) return stream ? -EINVAL : -ENOTCONN;
    if (!stream) return record_recv(grate, cage, e, k, flags, rm);
    return stream_recv(grate, cage, e, k, flags, rm);
}

/* The sender's address for recvfrom/recvmsg: a datagram's own, else the
 * peer's name; an unnamed sender gives length 0 (as Linux). */
static struct uaddr sender_of(struct sock *s, const struct rmeta *rm) {
    struct uaddr u = s->type == L_SOCK_DGRAM ? rm->from : s->peer;
    if (u.len <= 2) u.len = 0;
    return u;
}

/* sendto/sendmsg with an address: a datagram's destination (0 with *to
 * set; none: *to NULL); on a connection Linux refuses it. */
static int dest_of(struct sock *s, uint64_t cage, uint64_t addr, uint64_t len, struct uaddr *u,
                   const struct uaddr **to) {
    *to = NULL;
    if (!addr || !len) return 0;
    if (s->type == L_SOCK_DGRAM) {
        int r = read_uaddr(cage, addr, len, u);
        if (r == 0) *to = u;
        return r;
    }
    if (len > 128) return -EINVAL;
    return s->state == SK_CONN ? -EISCONN : -EOPNOTSUPP;
}

LIND_GRATE_HANDLER(h_sendto) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_sendto) : r;
    struct uaddr u;
    const struct uaddr *to;
    if ((r = dest_of(e->s, a5cage, a5, (uint32_t)a6, &u, &to)) < 0) return r;
    struct cage_src s = {a2cage, a2};
    return (int)sock_send(grate, a1cage, e, fill_cage, &s, a3, (int)a4, to, NULL);
}

LIND_GRATE_HANDLER(h_recvfrom) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_recvfrom) : r;
    struct sink k = {a2cage, a2, a3, NULL, 0};
    struct rmeta rm = {0};
    int64_t n = sock_recv(grate, a1cage, e, &k, (int)a4, &rm);
    passed_drop(&rm.fds); /* no control buffer: fds that came are closed */
    if (n < 0 || !a5) return (int)n;
    struct uaddr u = sender_of(e->s, &rm);
    return (r = put_uaddr(a5cage, a5, a6, &u)) < 0 ? r : (int)n;
}

/* struct msghdr, wasm32 layout. */
struct l_msghdr {
    uint32_t name, namelen, iov;
    int32_t iovlen;
    uint32_t control, controllen;
    int32_t flags;
};

/* struct cmsghdr, wasm32 layout: 12 bytes, the data 4-aligned after it. */
struct l_cmsghdr {
    uint32_t len;
    int32_t level, type;
};
#define CMSG_HDR ((uint32_t)sizeof(struct l_cmsghdr))

static int read_msg(uint64_t cage, uint64_t addr, struct l_msghdr *m, uint32_t *iov, uint64_t *total) {
    int r = lind_grate_read(cage, addr, m, sizeof *m);
    if (r < 0) return r;
    if (m->iovlen < 0 || m->iovlen > MAX_IOV) return -EMSGSIZE;
    return read_iov(cage, m->iov, m->iovlen, iov, total);
}

/* One fd of an SCM_RIGHTS message, with a new reference. Only our own
 * fds can travel: a kernel fd is EOPNOTSUPP (EBADF if not open). */
static int pass_fd(uint64_t grate, uint64_t cage, int fd, struct passed *ps) {
    struct end *e = fd_end(cage, fd, NULL);
    if (!e) {
        int r = call_for(LIND_SYS_fcntl, grate, cage, (uint64_t)fd, cage, L_F_GETFD, cage, 0, cage);
        return r < 0 ? -EBADF : -EOPNOTSUPP;
    }
    e->refs++;
    ps->e[ps->n++] = e;
    return 0;
}

static int pass_fds(uint64_t grate, uint64_t cage, const unsigned char *data, uint32_t len, struct passed *ps) {
    int n = (int)(len / 4);
    if (ps->n + n > SCM_MAX_FD) return -EINVAL;
    for (int i = 0; i < n; i++) {
        int32_t fd;
        memcpy(&fd, data + 4 * i, 4);
        int r = pass_fd(grate, cage, fd, ps);
        if (r < 0) return r;
    }
    return 0;
}

/* sendmsg's control data, walked as Linux's __scm_send: the fds of its
 * SCM_RIGHTS messages go to ps. */
static int read_control(uint64_t grate, uint64_t cage, const struct l_msghdr *m, struct passed *ps) {
    static const int32_t scm_credentials = 2;
    unsigned char ctl[MAX_CONTROL];
    uint32_t len = m->controllen;
    if (len > MAX_CONTROL) return -ENOBUFS;
    int r = lind_grate_read(cage, m->control, ctl, len);
    if (r < 0) return r;
    for (uint32_t at = 0; len - at >= CMSG_HDR;) {
        struct l_cmsghdr c;
        memcpy(&c, ctl + at, sizeof c);
        if (c.len < CMSG_HDR || c.len > len - at) return -EINVAL;
        if (c.level == L_SOL_SOCKET) {
            if (c.type == scm_credentials) return -EOPNOTSUPP;
            if (c.type != L_SCM_RIGHTS) return -EINVAL;
            if ((r = pass_fds(grate, cage, ctl + at + CMSG_HDR, c.len - CMSG_HDR, ps)) < 0) return r;
        }
        uint32_t step = (c.len + 3) & ~3u;
        if (step > len - at) break;
        at += step;
    }
    return 0;
}

LIND_GRATE_HANDLER(h_sendmsg) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_sendmsg) : r;
    struct l_msghdr m;
    uint32_t iov[2 * MAX_IOV];
    uint64_t total;
    if ((r = read_msg(a2cage, a2, &m, iov, &total)) < 0) return r;
    struct passed ps = {0};
    struct uaddr u;
    const struct uaddr *to = NULL;
    if (m.controllen) r = read_control(grate, a1cage, &m, &ps);
    if (r == 0) r = dest_of(e->s, a2cage, m.name, m.namelen, &u, &to);
    int64_t n = r;
    if (r == 0) {
        struct iov_src s = {a2cage, iov, m.iovlen};
        n = sock_send(grate, a1cage, e, fill_iov, &s, total, (int)a3, to, &ps);
    }
    passed_drop(&ps); /* what did not go (sent fds have left ps) */
    return (int)n;
}

/* Gives the cage new fds (lowest free >= 512) for those that came, as one
 * SCM_RIGHTS message in its control buffer: as many as fit, the rest
 * closed with MSG_CTRUNC (Linux's scm_detach_fds). Sets m->controllen to
 * the bytes used. */
static int put_rights(uint64_t cage, struct l_msghdr *m, struct passed *ps, int cloexec, int *oflags) {
    uint32_t room = m->controllen;
    m->controllen = 0;
    if (!ps->n) return 0;
    int max = room <= CMSG_HDR ? 0 : (int)((room - CMSG_HDR) / 4);
    int32_t ctl[3 + SCM_MAX_FD];
    int i = 0;
    for (; i < ps->n && i < max; i++) {
        int fd = lind_grate_fdtable_alloc(cage, IPC_FD_BASE, end_value(ps->e[i]) | (cloexec ? V_CLOEXEC : 0));
        if (fd < 0) break;
        ctl[3 + i] = fd;
    }
    if (i < ps->n) *oflags |= L_MSG_CTRUNC;
    for (int j = i; j < ps->n; j++) end_put(ps->e[j]);
    ps->n = 0;
    if (i == 0) return 0;
    struct l_cmsghdr c = {CMSG_HDR + 4 * (uint32_t)i, L_SOL_SOCKET, L_SCM_RIGHTS};
    memcpy(ctl, &c, sizeof c);
    m->controllen = c.len;
    return lind_grate_write(cage, m->control, ctl, c.len);
}

LIND_GRATE_HANDLER(h_recvmsg) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_recvmsg) : r;
    struct l_msghdr m;
    uint32_t iov[2 * MAX_IOV];
    uint64_t total;
    if ((r = read_msg(a2cage, a2, &m, iov, &total)) < 0) return r;
    if (m.name && (int32_t)m.namelen < 0) return -EINVAL;
    struct sink k = {a2cage, 0, total, iov, m.iovlen};
    struct rmeta rm = {0};
    int64_t n = sock_recv(grate, a1cage, e, &k, (int)a3, &rm);
    if (n < 0) {
        passed_drop(&rm.fds);
        return (int)n;
    }
    int oflags = rm.oflags | ((int)a3 & L_MSG_CMSG_CLOEXEC); /* Linux echoes it */
    if ((r = put_rights(a2cage, &m, &rm.fds, ((int)a3 & L_MSG_CMSG_CLOEXEC) != 0, &oflags)) < 0) return r;
    struct uaddr u = sender_of(e->s, &rm);
    if (m.name) {
        uint32_t c = m.namelen < u.len ? m.namelen : u.len;
        if (c && (r = lind_grate_write(a2cage, m.name, u.b, c)) < 0) return r;
        m.namelen = u.len;
    }
    m.flags = oflags;
    r = lind_grate_write(a2cage, a2, &m, sizeof m);
    return r < 0 ? r : (int)n;
}

static int sockopt_value(struct sock *s, int name, int *v) {
    switch (name) {
    case L_SO_TYPE: *v = s->type; return 0;
    case L_SO_DOMAIN: *v = L_AF_UNIX; return 0;
    case L_SO_PROTOCOL: *v = 0; return 0;
    case L_SO_ERROR: *v = sock_take_err(s); return 0;
    case L_SO_ACCEPTCONN: *v = s->state == SK_LISTEN; return 0;
    case L_SO_SNDBUF:
    case L_SO_RCVBUF: *v = PIPE_CAP; return 0;
    default: return -ENOPROTOOPT;
    }
}

LIND_GRATE_HANDLER(h_getsockopt) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_getsockopt) : r;
    if ((int)a2 != L_SOL_SOCKET) return -EOPNOTSUPP;
    int v;
    if ((r = sockopt_value(e->s, (int)a3, &v)) < 0) return r;
    int32_t len;
    if ((r = lind_grate_read(a5cage, a5, &len, 4)) < 0) return r;
    if (len < 0) return -EINVAL;
    if (len > 4) len = 4;
    if (len && (r = lind_grate_write(a4cage, a4, &v, (size_t)len)) < 0) return r;
    return lind_grate_write(a5cage, a5, &len, 4);
}

/* Accepted and ignored (the rings have a fixed size); anything else is
 * ENOPROTOOPT. */
LIND_GRATE_HANDLER(h_setsockopt) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e;
    int r = fd_sock(a1cage, a1, &e);
    if (r) return r > 0 ? LIND_GRATE_FORWARD(LIND_SYS_setsockopt) : r;
    if ((int)a2 != L_SOL_SOCKET) return -EOPNOTSUPP;
    switch ((int)a3) {
    case L_SO_REUSEADDR:
    case L_SO_KEEPALIVE:
    case L_SO_SNDBUF:
    case L_SO_RCVBUF:
    case L_SO_PASSCRED: return (uint32_t)a5 < 4 ? -EINVAL : 0;
    default: return -ENOPROTOOPT;
    }
}

/* Linux's unix_poll: HUP once both directions are shut (either side),
 * readable on data or a shut read side, and an unconnected stream socket
 * reports HUP. */
/* Linux's unix_dgram_poll: writable unless the default peer's queue is
 * full (its count limit only when it is not connected back). */
static int16_t dgram_revents(struct sock *s, int16_t events) {
    int16_t r = 0;
    if (s->shut_rd) r |= events & (L_POLLIN | L_POLLRDNORM | L_POLLRDHUP);
    if (s->shut_rd && s->shut_wr) r |= L_POLLHUP;
    if (s->rx->len > 0) r |= events & (L_POLLIN | L_POLLRDNORM);
    if (!s->dpeer || !dgram_full(s, s->dpeer, IPC_PIPE_BUF))
        r |= events & (L_POLLOUT | L_POLLWRNORM | L_POLLWRBAND);
    return r;
}

static int16_t sock_revents(struct sock *s, int16_t events) {
    int16_t r = 0;
    if (s->type == L_SOCK_DGRAM) return dgram_revents(s, events);
    if (s->state == SK_LISTEN) return s->nq ? events & (L_POLLIN | L_POLLRDNORM) : 0;
    int rd_shut = s->shut_rd || (s->rx && s->rx->writers == 0);
    int wr_shut = s->shut_wr || (s->tx && s->tx->readers == 0);
    if (rd_shut && wr_shut) r |= L_POLLHUP;
    if (rd_shut) r |= events & (L_POLLIN | L_POLLRDNORM | L_POLLRDHUP);
    if (s->rx && s->rx->len > 0) r |= events & (L_POLLIN | L_POLLRDNORM);
    if (s->state == SK_NEW) r |= L_POLLHUP;
    if (s->err) r |= L_POLLERR;
    if (!s->tx || PIPE_CAP - s->tx->len >= IPC_PIPE_BUF)
        r |= events & (L_POLLOUT | L_POLLWRNORM | L_POLLWRBAND);
    return r;
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

LIND_GRATE_HANDLER(h_pipe) {
    LIND_GRATE_UNUSED_ARGS;
    return do_pipe(a1cage, a1, a1cage, 0);
}
LIND_GRATE_HANDLER(h_pipe2) {
    LIND_GRATE_UNUSED_ARGS;
    return do_pipe(a1cage, a1, a1cage, (int)a2);
}

LIND_GRATE_HANDLER(h_close) {
    LIND_GRATE_UNUSED_ARGS;
    if (!fd_end(a1cage, (int)a1, NULL)) return LIND_GRATE_FORWARD(LIND_SYS_close);
    fd_close(grate, a1cage, (int)a1, 0);
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

LIND_GRATE_HANDLER(h_dup) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e = fd_end(a1cage, (int)a1, NULL);
    if (!e) return LIND_GRATE_FORWARD(LIND_SYS_dup);
    return dup_min(a1cage, e, IPC_FD_BASE, 0);
}

/* A kernel fd onto newfd: the kernel's dup2 replaces a placeholder; a pipe
 * fd there is dropped once the kernel call succeeded. */
static int kernel_dup_onto(uint64_t nr, uint64_t grate, uint64_t cage, uint64_t a1, uint64_t a2,
                           uint64_t a3) {
    int r = call_for(nr, grate, cage, a1, cage, a2, cage, a3, cage);
    if (r >= 0 && fd_end(cage, (int)a2, NULL)) fd_close(grate, cage, (int)a2, 1);
    return r;
}

LIND_GRATE_HANDLER(h_dup2) {
    LIND_GRATE_UNUSED_ARGS;
    int oldfd = (int)a1, newfd = (int)a2;
    struct end *e = fd_end(a1cage, oldfd, NULL);
    if (!e) {
        if (fd_end(a1cage, newfd, NULL)) return kernel_dup_onto(LIND_SYS_dup2, grate, a1cage, a1, a2, 0);
        return LIND_GRATE_FORWARD(LIND_SYS_dup2);
    }
    if (oldfd == newfd) return newfd;
    return dup_to(grate, a1cage, e, newfd, 0);
}

LIND_GRATE_HANDLER(h_dup3) {
    LIND_GRATE_UNUSED_ARGS;
    int oldfd = (int)a1, newfd = (int)a2, flags = (int)a3;
    struct end *e = fd_end(a1cage, oldfd, NULL);
    if (!e) {
        if (oldfd != newfd && fd_end(a1cage, newfd, NULL))
            return kernel_dup_onto(LIND_SYS_dup3, grate, a1cage, a1, a2, a3);
        return LIND_GRATE_FORWARD(LIND_SYS_dup3);
    }
    if (oldfd == newfd || (flags & ~L_O_CLOEXEC)) return -EINVAL;
    return dup_to(grate, a1cage, e, newfd, (flags & L_O_CLOEXEC) != 0);
}

LIND_GRATE_HANDLER(h_fcntl) {
    LIND_GRATE_UNUSED_ARGS;
    int fd = (int)a1, cmd = (int)a2;
    uint64_t v;
    struct end *e = fd_end(a1cage, fd, &v);
    if (!e) return LIND_GRATE_FORWARD(LIND_SYS_fcntl);
    switch (cmd) {
    case L_F_DUPFD:
    case L_F_DUPFD_CLOEXEC:
        if ((int)a3 < 0 || (int)a3 >= LIND_GRATE_FD_MAX) return -EINVAL;
        return dup_min(a1cage, e, (int)a3, cmd == L_F_DUPFD_CLOEXEC);
    case L_F_GETFD: return (v & V_CLOEXEC) ? L_FD_CLOEXEC : 0;
    case L_F_SETFD: {
        uint64_t nv = (v & ~V_CLOEXEC) | (((int)a3 & L_FD_CLOEXEC) ? V_CLOEXEC : 0);
        int r = lind_grate_fdtable_set(a1cage, fd, nv);
        if (r == 0 && (v & V_HOLDER)) /* keep the placeholder in step */
            call_for(LIND_SYS_fcntl, grate, a1cage, (uint64_t)fd, a1cage, L_F_SETFD, a1cage, a3, a1cage);
        return r;
    }
    case L_F_GETFL:
        return (e->s ? L_O_RDWR : e->write ? L_O_WRONLY : 0) | (e->nonblock ? L_O_NONBLOCK : 0);
    case L_F_SETFL: e->nonblock = ((int)a3 & L_O_NONBLOCK) != 0; return 0;
    case L_F_GETPIPE_SZ: return e->s ? -EBADF : PIPE_CAP;
    case L_F_SETPIPE_SZ:
        if (e->s) return -EBADF;
        if ((int)a3 < 0) return -EINVAL;
        return (int)a3 <= PIPE_CAP ? PIPE_CAP : -EPERM; /* the size is fixed */
    default: return -EINVAL;
    }
}

LIND_GRATE_HANDLER(h_ioctl) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e = fd_end(a1cage, (int)a1, NULL);
    if (!e) return LIND_GRATE_FORWARD(LIND_SYS_ioctl);
    switch ((uint32_t)a2) {
    case L_FIONREAD: {
        int n = e->s ? sock_inq(e->s) : (int)e->p->len;
        if (n < 0) return n;
        return lind_grate_write(a3cage, a3, &n, sizeof n);
    }
    case L_FIONBIO: {
        int on;
        int r = lind_grate_read(a3cage, a3, &on, sizeof on);
        if (r < 0) return r;
        e->nonblock = on != 0;
        return 0;
    }
    default: return -ENOTTY;
    }
}

/* Linux x86-64 struct stat (144 bytes). */
LIND_GRATE_HANDLER(h_fstat) {
    LIND_GRATE_UNUSED_ARGS;
    struct end *e = fd_end(a1cage, (int)a1, NULL);
    if (!e) return LIND_GRATE_FORWARD(LIND_SYS_fstat);
    unsigned char st[144];
    memset(st, 0, sizeof st);
    uint64_t dev = 0x49504321; /* "IPC!" */
    uint64_t nlink = 1, blksize = IPC_PIPE_BUF;
    uint32_t mode = e->s ? L_S_IFSOCK | 0777 : L_S_IFIFO | 0600;
    uint64_t ino = e->s ? sock_ino(e->s) : e->p->ino;
    memcpy(st + 0, &dev, 8);
    memcpy(st + 8, &ino, 8);
    memcpy(st + 16, &nlink, 8);
    memcpy(st + 24, &mode, 4);
    memcpy(st + 56, &blksize, 8);
    return lind_grate_write(a2cage, a2, st, sizeof st);
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

static int16_t sock_revents(struct sock *s, int16_t events);

static int16_t pipe_revents(struct end *e, int16_t events) {
    if (e->s) return sock_revents(e->s, events);
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

LIND_GRATE_HANDLER(h_poll) {
    LIND_GRATE_UNUSED_ARGS;
    uint64_t n = a2;
    int timeout = (int)a3;
    if (n > MAX_POLL) return LIND_GRATE_FORWARD(LIND_SYS_poll);
    struct l_pollfd fds[MAX_POLL], kfds[MAX_POLL];
    int kidx[MAX_POLL];
    if (n && lind_grate_read(a1cage, a1, fds, n * sizeof fds[0]) < 0) return LIND_GRATE_FORWARD(LIND_SYS_poll);
    int any = 0;
    for (uint64_t i = 0; i < n; i++)
        if (fd_end(a1cage, fds[i].fd, NULL)) any = 1;
    if (!any) return LIND_GRATE_FORWARD(LIND_SYS_poll);
    int64_t deadline = timeout > 0 ? now_ms() + timeout : 0;
    long delay = DELAY0;
    for (;;) {
        int ready = 0, nk = 0;
        for (uint64_t i = 0; i < n; i++) {
            fds[i].revents = 0;
            if (fds[i].fd < 0) continue;
            struct end *e = fd_end(a1cage, fds[i].fd, NULL);
            if (e) {
                fds[i].revents = pipe_revents(e, fds[i].events);
                if (fds[i].revents) ready++;
            } else {
                kidx[nk] = (int)i;
                kfds[nk++] = fds[i];
            }
        }
        if (nk) {
            int r = call_for(LIND_SYS_poll, grate, a1cage, (uint64_t)(uintptr_t)kfds, grate, (uint64_t)nk, a1cage,
                             0, a1cage);
            if (r < 0) return r;
            for (int j = 0; j < nk; j++) {
                fds[kidx[j]].revents = kfds[j].revents;
                if (kfds[j].revents) ready++;
            }
        }
        if (ready || timeout == 0 || (timeout > 0 && now_ms() >= deadline)) {
            int r = n ? lind_grate_write(a1cage, a1, fds, n * sizeof fds[0]) : 0;
            return r < 0 ? r : ready;
        }
        int r = tick(grate, a1cage, &delay);
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

LIND_GRATE_HANDLER(h_clone) {
    LIND_GRATE_UNUSED_ARGS;
    int r = LIND_GRATE_FORWARD(LIND_SYS_clone);
    if (r > 0 && lind_grate_fdtable_count(a1cage) > 0) {
        uint64_t child = (uint64_t)r;
        if (lind_grate_fdtable_fork(a1cage, child) == 0)
            for (int fd = 0; fd < LIND_GRATE_FD_MAX; fd++) {
                struct end *e = fd_end(child, fd, NULL);
                if (e) e->refs++;
            }
    }
    return r;
}

LIND_GRATE_HANDLER(h_execve) {
    LIND_GRATE_UNUSED_ARGS;
    int r = LIND_GRATE_FORWARD(LIND_SYS_execve);
    if (r >= 0) drop_fds(grate, a1cage, 1);
    return r;
}

LIND_GRATE_HANDLER(h_exit_group) {
    LIND_GRATE_UNUSED_ARGS;
    drop_fds(grate, a1cage, 0);
    return LIND_GRATE_FORWARD(LIND_SYS_exit_group);
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
        {LIND_SYS_socket, h_socket},   {LIND_SYS_socketpair, h_socketpair},
        {LIND_SYS_bind, h_bind},       {LIND_SYS_listen, h_listen},   {LIND_SYS_connect, h_connect},
        {LIND_SYS_accept, h_accept},   {LIND_SYS_accept4, h_accept4},
        {LIND_SYS_getsockname, h_getsockname}, {LIND_SYS_getpeername, h_getpeername},
        {LIND_SYS_shutdown, h_shutdown}, {LIND_SYS_sendto, h_sendto}, {LIND_SYS_recvfrom, h_recvfrom},
        {LIND_SYS_sendmsg, h_sendmsg}, {LIND_SYS_recvmsg, h_recvmsg},
        {LIND_SYS_getsockopt, h_getsockopt}, {LIND_SYS_setsockopt, h_setsockopt},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) lind_grate_register(&g, table[i].nr, table[i].fn);
    return lind_grate_run(&g, &argv[1]);
}
