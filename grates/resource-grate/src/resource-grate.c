/* resource-grate: repy-style ("nanny") resource limits on the program it
 * runs and every descendant, from a config file of lines
 *     resource NAME VALUE          # comment
 * Renewable resources (per second) are token buckets: fileread, filewrite,
 * lograte, netsend, netrecv, loopsend, looprecv, random (cpu is parsed and
 * not enforced). Fungible resources are caps: filesopened (EMFILE),
 * insockets / outsockets (EMFILE), events (threads and processes, EAGAIN).
 * messport / connport (repeatable) allow ports for bind, connect, sendto
 * (EACCES otherwise). memory and diskused are parsed and not enforced.
 *   resource-grate CONFIG PROGRAM [ARGS...]
 *   RESOURCE_CONFIG=CONFIG resource-grate PROGRAM [ARGS...]
 * See README.md. */
#include <errno.h>
#include <lind_grate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Linux values (glibc-shim translates O_* to them; F_* are Linux's). */
#define L_O_CLOEXEC 02000000
#define L_F_DUPFD 0
#define L_F_SETFD 2
#define L_F_DUPFD_CLOEXEC 1030
#define L_FD_CLOEXEC 1
#define L_CLONE_VM 0x100
#define L_CLONE_THREAD 0x10000
#define L_AF_INET 2
#define L_AF_INET6 10

/* ---- configuration ------------------------------------------------------ */

enum { R_CPU, R_FILEWRITE, R_FILEREAD, R_NETSEND, R_NETRECV, R_LOOPSEND, R_LOOPRECV, R_LOGRATE,
       R_RANDOM, N_RENEW };
enum { F_EVENTS, F_FILESOPENED, F_INSOCKETS, F_OUTSOCKETS, N_FUNG };

static const char *renew_names[N_RENEW] = {"cpu", "filewrite", "fileread", "netsend", "netrecv",
                                           "loopsend", "looprecv", "lograte", "random"};
static const char *fung_names[N_FUNG] = {"events", "filesopened", "insockets", "outsockets"};

struct bucket {
    double rate;     /* per second; 0 = unlimited (not configured) */
    double consumed; /* repy's "consumed" */
    double last;     /* monotonic seconds of the last drain */
};
static struct bucket renew[N_RENEW];
static long cap[N_FUNG]; /* -1 = unlimited */
static long used[N_FUNG];
static int renew_line[N_RENEW], fung_line[N_FUNG], misc_line[2];

#define MAX_PORTS 1024
static int ports[MAX_PORTS], nports; /* messport and connport together */

static const char *cfg_name;
static int cfg_error(int line, const char *fmt, const char *a, const char *b) {
    fprintf(stderr, "resource-grate: %s:%d: ", cfg_name, line);
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return -1;
}

static int parse_number(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < 0) return -1;
    *out = v;
    return 0;
}

static int parse_line(char *p, int line) {
    char *hash = strchr(p, '#');
    if (hash) *hash = 0;
    char *tok[4];
    int n = 0;
    for (char *t = strtok(p, " \t\r\n"); t; t = strtok(NULL, " \t\r\n")) {
        if (n == 4) break;
        tok[n++] = t;
    }
    if (n == 0) return 0;
    if (strcmp(tok[0], "resource") != 0)
        return cfg_error(line, "expected \"resource NAME VALUE\", got \"%s\"%s", tok[0], "");
    if (n != 3) return cfg_error(line, "expected \"resource NAME VALUE\"%s%s", "", "");
    const char *name = tok[1], *val = tok[2];
    double v;
    if (parse_number(val, &v) != 0)
        return cfg_error(line, "%s: \"%s\" is not a non-negative number", name, val);
    for (int i = 0; i < N_RENEW; i++)
        if (strcmp(name, renew_names[i]) == 0) {
            if (renew_line[i]) return cfg_error(line, "%s given twice%s", name, "");
            if (v <= 0) return cfg_error(line, "%s: the rate must be positive, got \"%s\"", name, val);
            renew_line[i] = line;
            renew[i].rate = v;
            return 0;
        }
    for (int i = 0; i < N_FUNG; i++)
        if (strcmp(name, fung_names[i]) == 0) {
            if (fung_line[i]) return cfg_error(line, "%s given twice%s", name, "");
            if (v != floor(v) || v > 1e9) return cfg_error(line, "%s: \"%s\" is not a whole count", name, val);
            fung_line[i] = line;
            cap[i] = (long)v;
            return 0;
        }
    if (strcmp(name, "messport") == 0 || strcmp(name, "connport") == 0) {
        if (v != floor(v) || v > 65535) return cfg_error(line, "%s: \"%s\" is not a port (0-65535)", name, val);
        if (nports == MAX_PORTS) return cfg_error(line, "more than 1024 ports%s%s", "", "");
        ports[nports++] = (int)v;
        return 0;
    }
    if (strcmp(name, "memory") == 0 || strcmp(name, "diskused") == 0) {
        int k = name[0] == 'm' ? 0 : 1;
        if (misc_line[k]) return cfg_error(line, "%s given twice%s", name, "");
        misc_line[k] = line; /* parsed, not enforced */
        return 0;
    }
    return cfg_error(line, "unknown resource \"%s\"%s", name, "");
}

static int load_config(const char *path) {
    cfg_name = path;
    for (int i = 0; i < N_FUNG; i++) cap[i] = -1;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "resource-grate: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char buf[1024];
    int line = 0, bad = 0;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n') {
            cfg_error(line, "line longer than 1022 characters%s%s", "", "");
            bad = 1;
            break;
        }
        if (parse_line(buf, line) != 0) {
            bad = 1;
            break;
        }
    }
    fclose(f);
    return bad ? -1 : 0;
}

/* ---- token buckets (repy nanny) ----------------------------------------- */

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void drain(struct bucket *b) {
    double t = now();
    b->consumed -= (t - b->last) * b->rate;
    if (b->consumed < 0) b->consumed = 0;
    b->last = t;
}

/* Sleeps on behalf of `cage` with nanosleep forwarded through this grate's
 * own table (the grate above, or the runtime). */
static void sleep_for(uint64_t grate, uint64_t cage, double secs) {
    struct { int64_t sec, nsec; } ts, rem;
    ts.sec = (int64_t)secs;
    ts.nsec = (int64_t)((secs - (double)ts.sec) * 1e9);
    if (ts.nsec > 999999999) ts.nsec = 999999999;
    if (ts.sec == 0 && ts.nsec < 1000) ts.nsec = 1000;
    make_threei_call(LIND_SYS_nanosleep, 0, grate, cage, (uint64_t)(uintptr_t)&ts, grate,
                     (uint64_t)(uintptr_t)&rem, grate, 0, grate, 0, grate, 0, grate, 0, grate,
                     TRANSLATE_ERRNO_OFF);
}

/* Charges q units to resource r and waits until the bucket is back within
 * one second's worth (q == 0: only waits). Unconfigured: nothing. */
static void charge(uint64_t grate, uint64_t cage, int r, double q) {
    struct bucket *b = &renew[r];
    if (b->rate <= 0) return;
    drain(b);
    b->consumed += q;
    while (b->consumed > b->rate) {
        sleep_for(grate, cage, (b->consumed - b->rate) / b->rate);
        drain(b);
    }
}

/* File I/O is charged in 4096-byte blocks. */
static double blocks(uint64_t n) { return (double)((n + 4095) / 4096 * 4096); }

/* ---- fd kinds (per-cage fd table) ---------------------------------------- */

#define K_FILE 1u
#define K_SOCK 2u     /* a socket neither listening nor connected (not counted) */
#define K_INSOCK 3u   /* listening or accepted: insockets */
#define K_OUTSOCK 4u  /* connected: outsockets */
#define K_MASK 7u
#define V_CLOEXEC 8u
#define V_LOOP 16u    /* peer is 127.x: loopsend/looprecv */

static uint64_t val_of(uint64_t cage, int fd) {
    uint64_t v = 0;
    if (fd < 0 || lind_grate_fdtable_get(cage, fd, &v) != 0) return 0;
    return v;
}

static int counter_of(uint64_t v) {
    switch (v & K_MASK) {
    case K_FILE: return F_FILESOPENED;
    case K_INSOCK: return F_INSOCKETS;
    case K_OUTSOCK: return F_OUTSOCKETS;
    }
    return -1;
}

static void set_val(uint64_t cage, int fd, uint64_t v) {
    if (fd < 0) return;
    int c = counter_of(val_of(cage, fd));
    if (c >= 0) used[c]--;
    if (!(v & K_MASK)) {
        lind_grate_fdtable_remove(cage, fd);
        return;
    }
    if (lind_grate_fdtable_set(cage, fd, v) == 0 && (c = counter_of(v)) >= 0) used[c]++;
}

/* Whether one more of the kind of v fits (the fd being replaced, if any,
 * frees its slot first). */
static int fits(uint64_t v, uint64_t replaced) {
    int c = counter_of(v);
    if (c < 0 || cap[c] < 0) return 1;
    return used[c] - (counter_of(replaced) == c) < cap[c];
}

static void count_cage(uint64_t cage, int sign) {
    if (!lind_grate_fdtable_count(cage)) return;
    for (int fd = 0; fd < LIND_GRATE_FD_MAX; fd++) {
        int c = counter_of(val_of(cage, fd));
        if (c >= 0) used[c] += sign;
    }
}

/* ---- events: live threads and processes the program created ------------- */

#define MAX_CAGES 4096
static unsigned char charged_proc[MAX_CAGES]; /* created by a charged clone */
static int threads_of[MAX_CAGES];

static int ev_fits(void) { return cap[F_EVENTS] < 0 || used[F_EVENTS] < cap[F_EVENTS]; }

/* ---- handlers: files ----------------------------------------------------- */

static int opened(uint64_t cage, uint64_t flags, int fd) {
    if (fd >= 0) set_val(cage, fd, K_FILE | ((flags & L_O_CLOEXEC) ? V_CLOEXEC : 0));
    return fd;
}

static int full(void) { return cap[F_FILESOPENED] >= 0 && used[F_FILESOPENED] >= cap[F_FILESOPENED]; }

/* An open charges fileread one block, and filewrite one more when it opens
 * for writing (as repy does), then counts against filesopened. */
static void charge_open(uint64_t grate, uint64_t cage, uint64_t flags) {
    charge(grate, cage, R_FILEREAD, 4096);
    if (flags & 3) charge(grate, cage, R_FILEWRITE, 4096);
}

LIND_GRATE_HANDLER(h_open) {
    if (full()) return -EMFILE;
    charge_open(grate, a1cage, a2);
    return opened(a1cage, a2, LIND_GRATE_FORWARD(LIND_SYS_open));
}
LIND_GRATE_HANDLER(h_openat) {
    if (full()) return -EMFILE;
    charge_open(grate, a1cage, a3);
    return opened(a1cage, a3, LIND_GRATE_FORWARD(LIND_SYS_openat));
}
LIND_GRATE_HANDLER(h_creat) {
    if (full()) return -EMFILE;
    charge_open(grate, a1cage, 1);
    return opened(a1cage, 0, LIND_GRATE_FORWARD(LIND_SYS_creat));
}

LIND_GRATE_HANDLER(h_close) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_close);
    if (r == 0) set_val(a1cage, (int)a1, 0);
    return r;
}

/* A dup is one more fd of the same kind, charged like an open. */
LIND_GRATE_HANDLER(h_dup) {
    uint64_t v = val_of(a1cage, (int)a1) & ~V_CLOEXEC;
    if (!fits(v, 0)) return -EMFILE;
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup);
    if (r >= 0) set_val(a1cage, r, v);
    return r;
}

LIND_GRATE_HANDLER(h_dup2) {
    uint64_t v = val_of(a1cage, (int)a1) & ~V_CLOEXEC;
    if ((int)a1 == (int)a2) return LIND_GRATE_FORWARD(LIND_SYS_dup2);
    if (!fits(v, val_of(a1cage, (int)a2))) return -EMFILE;
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup2);
    if (r >= 0) set_val(a1cage, r, v);
    return r;
}

LIND_GRATE_HANDLER(h_dup3) {
    uint64_t v = val_of(a1cage, (int)a1) & ~V_CLOEXEC;
    if ((int)a1 != (int)a2 && !fits(v, val_of(a1cage, (int)a2))) return -EMFILE;
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup3);
    if (r >= 0) set_val(a1cage, r, (v && (a3 & L_O_CLOEXEC)) ? v | V_CLOEXEC : v);
    return r;
}

LIND_GRATE_HANDLER(h_fcntl) {
    int cmd = (int)a2;
    uint64_t v = val_of(a1cage, (int)a1);
    if ((cmd == L_F_DUPFD || cmd == L_F_DUPFD_CLOEXEC) && !fits(v, 0)) return -EMFILE;
    int r = LIND_GRATE_FORWARD(LIND_SYS_fcntl);
    if (r < 0) return r;
    uint64_t base = v & ~V_CLOEXEC;
    if (cmd == L_F_DUPFD) set_val(a1cage, r, base);
    else if (cmd == L_F_DUPFD_CLOEXEC) set_val(a1cage, r, base ? base | V_CLOEXEC : 0);
    else if (cmd == L_F_SETFD && base) set_val(a1cage, (int)a1, ((int)a3 & L_FD_CLOEXEC) ? base | V_CLOEXEC : base);
    return r;
}

/* New pipe ends are plain (uncounted) fds: clear anything stale. */
static int pipe_common(uint64_t cage, uint64_t addr, int r) {
    int fds[2];
    if (r == 0 && lind_grate_read(cage, addr, fds, sizeof fds) == 0) {
        set_val(cage, fds[0], 0);
        set_val(cage, fds[1], 0);
    }
    return r;
}
LIND_GRATE_HANDLER(h_pipe) { return pipe_common(a1cage, a1, LIND_GRATE_FORWARD(LIND_SYS_pipe)); }
LIND_GRATE_HANDLER(h_pipe2) { return pipe_common(a1cage, a1, LIND_GRATE_FORWARD(LIND_SYS_pipe2)); }

/* ---- handlers: I/O rates -------------------------------------------------- */

/* Which bucket I/O on fd charges: sockets go to net / loop, fds 1 and 2
 * (unless they were made files by dup2) write to lograte, the rest are
 * file I/O. Returns the bucket and sets *sock. */
static int bucket_for(uint64_t cage, int fd, int write, int *sock) {
    uint64_t v = val_of(cage, fd);
    uint64_t k = v & K_MASK;
    *sock = k == K_SOCK || k == K_INSOCK || k == K_OUTSOCK;
    if (*sock) {
        if (v & V_LOOP) return write ? R_LOOPSEND : R_LOOPRECV;
        return write ? R_NETSEND : R_NETRECV;
    }
    if (write && k != K_FILE && (fd == 1 || fd == 2)) return R_LOGRATE;
    return write ? R_FILEWRITE : R_FILEREAD;
}

static double amount(int sock, uint64_t n) { return sock ? (double)n + 64 : blocks(n); }

/* wasm32 iovec: {u32 base; u32 len}. Sum of the lengths, or 0 if unreadable. */
static uint64_t iov_total(uint64_t cage, uint64_t addr, uint64_t cnt) {
    uint32_t iov[2];
    uint64_t total = 0;
    if (cnt > 1024) cnt = 1024;
    for (uint64_t i = 0; i < cnt; i++) {
        if (lind_grate_read(cage, addr + i * 8, iov, sizeof iov) != 0) return 0;
        total += iov[1];
    }
    return total;
}

/* Writes are charged before they happen (requested size), so a write that
 * would overdraw the bucket waits first. */
static int do_write(uint64_t nr, uint64_t len, LIND_GRATE_PARAMS) {
    int sock, r = bucket_for(a1cage, (int)a1, 1, &sock);
    charge(grate, a1cage, r, amount(sock, len));
    return LIND_GRATE_FORWARD(nr);
}
/* Reads wait while the bucket is overdrawn, then are charged what they
 * returned. */
static int do_read(uint64_t nr, LIND_GRATE_PARAMS) {
    int sock, b = bucket_for(a1cage, (int)a1, 0, &sock);
    charge(grate, a1cage, b, 0);
    int r = LIND_GRATE_FORWARD(nr);
    if (r > 0) charge(grate, a1cage, b, amount(sock, (uint64_t)r));
    return r;
}

LIND_GRATE_HANDLER(h_write) { return do_write(LIND_SYS_write, a3, LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_pwrite) { return do_write(LIND_SYS_pwrite64, a3, LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_writev) { return do_write(LIND_SYS_writev, iov_total(a2cage, a2, a3), LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_pwritev) { return do_write(LIND_SYS_pwritev, iov_total(a2cage, a2, a3), LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_read) { return do_read(LIND_SYS_read, LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_pread) { return do_read(LIND_SYS_pread64, LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_readv) { return do_read(LIND_SYS_readv, LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_preadv) { return do_read(LIND_SYS_preadv, LIND_GRATE_ARGS); }

LIND_GRATE_HANDLER(h_getrandom) {
    charge(grate, a1cage, R_RANDOM, 0);
    int r = LIND_GRATE_FORWARD(LIND_SYS_getrandom);
    if (r >= 0) charge(grate, a1cage, R_RANDOM, 1024);
    return r;
}

/* ---- handlers: sockets ---------------------------------------------------- */

/* Reads a Linux sockaddr: family, port (host order), loopback. -1 if it is
 * not AF_INET/AF_INET6 or unreadable. */
static int sockaddr_port(uint64_t cage, uint64_t addr, uint64_t len, int *loop) {
    unsigned char sa[24];
    *loop = 0;
    if (!addr || len < 4) return -1;
    size_t n = len < sizeof sa ? (size_t)len : sizeof sa;
    if (lind_grate_read(cage, addr, sa, n) != 0) return -1;
    int family = sa[0] | sa[1] << 8;
    if (family != L_AF_INET && family != L_AF_INET6) return -1;
    if (family == L_AF_INET && n >= 8) *loop = sa[4] == 127;
    if (family == L_AF_INET6 && n >= 24) {
        static const unsigned char one[16] = {[15] = 1};
        *loop = memcmp(sa + 8, one, 16) == 0;
    }
    return sa[2] << 8 | sa[3];
}

static int port_allowed(int port) {
    if (nports == 0 || port < 0) return 1; /* no messport/connport: unrestricted */
    for (int i = 0; i < nports; i++)
        if (ports[i] == port) return 1;
    return 0;
}

LIND_GRATE_HANDLER(h_socket) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_socket);
    if (r >= 0) set_val(a1cage, r, K_SOCK);
    return r;
}

LIND_GRATE_HANDLER(h_bind) {
    int loop;
    if (!port_allowed(sockaddr_port(a2cage, a2, a3, &loop))) return -EACCES;
    return LIND_GRATE_FORWARD(LIND_SYS_bind);
}

LIND_GRATE_HANDLER(h_connect) {
    int loop, port = sockaddr_port(a2cage, a2, a3, &loop);
    if (!port_allowed(port)) return -EACCES;
    uint64_t v = val_of(a1cage, (int)a1);
    uint64_t nv = K_OUTSOCK | (v & V_CLOEXEC) | (loop ? V_LOOP : 0);
    if ((v & K_MASK) != K_OUTSOCK && !fits(nv, v)) return -EMFILE;
    int r = LIND_GRATE_FORWARD(LIND_SYS_connect);
    if (r == 0) set_val(a1cage, (int)a1, nv);
    return r;
}

LIND_GRATE_HANDLER(h_listen) {
    uint64_t v = val_of(a1cage, (int)a1);
    uint64_t nv = K_INSOCK | (v & (V_CLOEXEC | V_LOOP));
    if ((v & K_MASK) != K_INSOCK && !fits(nv, v)) return -EMFILE;
    int r = LIND_GRATE_FORWARD(LIND_SYS_listen);
    if (r == 0) set_val(a1cage, (int)a1, nv);
    return r;
}

static int accepted(uint64_t cage, int lfd, int r) {
    if (r >= 0) set_val(cage, r, K_INSOCK | (val_of(cage, lfd) & V_LOOP));
    return r;
}
LIND_GRATE_HANDLER(h_accept) {
    if (!fits(K_INSOCK, 0)) return -EMFILE;
    return accepted(a1cage, (int)a1, LIND_GRATE_FORWARD(LIND_SYS_accept));
}
LIND_GRATE_HANDLER(h_accept4) {
    if (!fits(K_INSOCK, 0)) return -EMFILE;
    return accepted(a1cage, (int)a1, LIND_GRATE_FORWARD(LIND_SYS_accept4));
}

LIND_GRATE_HANDLER(h_sendto) {
    int loop = 0, port = a5 ? sockaddr_port(a5cage, a5, a6, &loop) : -1;
    if (a5 && !port_allowed(port)) return -EACCES;
    int r;
    if (a5) r = loop ? R_LOOPSEND : R_NETSEND;
    else {
        int sock;
        r = bucket_for(a1cage, (int)a1, 1, &sock);
    }
    charge(grate, a1cage, r, (double)a3 + 64);
    return LIND_GRATE_FORWARD(LIND_SYS_sendto);
}

LIND_GRATE_HANDLER(h_recvfrom) { return do_read(LIND_SYS_recvfrom, LIND_GRATE_ARGS); }

/* struct msghdr (wasm32): name, namelen, iov, iovlen, ... (u32 each) */
LIND_GRATE_HANDLER(h_sendmsg) {
    uint32_t mh[4];
    uint64_t len = 0;
    if (lind_grate_read(a2cage, a2, mh, sizeof mh) == 0) {
        int loop;
        if (mh[0] && !port_allowed(sockaddr_port(a2cage, mh[0], mh[1], &loop))) return -EACCES;
        len = iov_total(a2cage, mh[2], mh[3]);
    }
    int sock, b = bucket_for(a1cage, (int)a1, 1, &sock);
    charge(grate, a1cage, b, (double)len + 64);
    return LIND_GRATE_FORWARD(LIND_SYS_sendmsg);
}
LIND_GRATE_HANDLER(h_recvmsg) { return do_read(LIND_SYS_recvmsg, LIND_GRATE_ARGS); }

/* ---- handlers: processes -------------------------------------------------- */

LIND_GRATE_HANDLER(h_clone) {
    int thread = (a1 & (L_CLONE_VM | L_CLONE_THREAD)) != 0;
    if (!ev_fits()) return -EAGAIN;
    int r = LIND_GRATE_FORWARD(LIND_SYS_clone);
    if (r <= 0) return r;
    used[F_EVENTS]++;
    if (thread) {
        if (a1cage < MAX_CAGES) threads_of[a1cage]++;
    } else {
        if ((uint64_t)r < MAX_CAGES) charged_proc[r] = 1;
        lind_grate_fdtable_fork(a1cage, (uint64_t)r);
        count_cage((uint64_t)r, +1);
    }
    return r;
}

LIND_GRATE_HANDLER(h_fork) {
    if (!ev_fits()) return -EAGAIN;
    int r = LIND_GRATE_FORWARD(LIND_SYS_fork);
    if (r <= 0) return r;
    used[F_EVENTS]++;
    if ((uint64_t)r < MAX_CAGES) charged_proc[r] = 1;
    lind_grate_fdtable_fork(a1cage, (uint64_t)r);
    count_cage((uint64_t)r, +1);
    return r;
}

LIND_GRATE_HANDLER(h_execve) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_execve);
    if (r >= 0)
        for (int fd = 0; fd < LIND_GRATE_FD_MAX; fd++)
            if (val_of(a1cage, fd) & V_CLOEXEC) set_val(a1cage, fd, 0);
    return r;
}

/* A thread's exit releases its event. */
LIND_GRATE_HANDLER(h_exit) {
    if (a1cage < MAX_CAGES && threads_of[a1cage] > 0) {
        threads_of[a1cage]--;
        used[F_EVENTS]--;
    }
    return LIND_GRATE_FORWARD(LIND_SYS_exit);
}

/* A process's exit releases its event, its threads' and its fds. */
LIND_GRATE_HANDLER(h_exit_group) {
    if (a1cage < MAX_CAGES) {
        used[F_EVENTS] -= threads_of[a1cage] + charged_proc[a1cage];
        threads_of[a1cage] = 0;
        charged_proc[a1cage] = 0;
    }
    count_cage(a1cage, -1);
    lind_grate_fdtable_drop(a1cage);
    return LIND_GRATE_FORWARD(LIND_SYS_exit_group);
}

int main(int argc, char **argv) {
    const char *env = getenv("RESOURCE_CONFIG");
    int first = (env && *env) ? 1 : 2;
    if (argc <= first) {
        fprintf(stderr, "usage: resource-grate CONFIG PROGRAM [ARGS...]\n"
                        "       RESOURCE_CONFIG=CONFIG resource-grate PROGRAM [ARGS...]\n");
        return 2;
    }
    if (load_config(first == 1 ? env : argv[1]) != 0) return 1;
    double t = now();
    for (int i = 0; i < N_RENEW; i++) renew[i].last = t;
    renew[R_CPU].rate = 0; /* parsed, not enforced */

    struct lind_grate g;
    lind_grate_init(&g);
    static const struct { uint64_t nr; lind_grate_handler fn; } table[] = {
        {LIND_SYS_open, h_open},         {LIND_SYS_openat, h_openat},   {LIND_SYS_creat, h_creat},
        {LIND_SYS_close, h_close},       {LIND_SYS_dup, h_dup},         {LIND_SYS_dup2, h_dup2},
        {LIND_SYS_dup3, h_dup3},         {LIND_SYS_fcntl, h_fcntl},     {LIND_SYS_pipe, h_pipe},
        {LIND_SYS_pipe2, h_pipe2},       {LIND_SYS_read, h_read},       {LIND_SYS_pread64, h_pread},
        {LIND_SYS_readv, h_readv},       {LIND_SYS_preadv, h_preadv},   {LIND_SYS_write, h_write},
        {LIND_SYS_pwrite64, h_pwrite},   {LIND_SYS_writev, h_writev},   {LIND_SYS_pwritev, h_pwritev},
        {LIND_SYS_getrandom, h_getrandom}, {LIND_SYS_clone, h_clone},   {LIND_SYS_fork, h_fork},
        {LIND_SYS_execve, h_execve},     {LIND_SYS_exit, h_exit},       {LIND_SYS_exit_group, h_exit_group},
        {LIND_SYS_socket, h_socket},           {LIND_SYS_bind, h_bind},             {LIND_SYS_connect, h_connect},
        {LIND_SYS_listen, h_listen},           {LIND_SYS_accept, h_accept},         {LIND_SYS_accept4, h_accept4},
        {LIND_SYS_sendto, h_sendto},           {LIND_SYS_recvfrom, h_recvfrom},     {LIND_SYS_sendmsg, h_sendmsg},
        {LIND_SYS_recvmsg, h_recvmsg},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) lind_grate_register(&g, table[i].nr, table[i].fn);
    return lind_grate_run(&g, &argv[first]);
}
