/* net-routing-clamp: socket calls on ports L..H go into an inner grate
 * chain; every other call goes past it (to the grates above, or the
 * kernel).
 *
 *   net-routing-clamp [--log] --ports L-H %{ GRATE [ARGS] ... %} PROGRAM [ARGS...]
 *   (--ports=L-H, --ports N; %< ... %> is the same as %{ ... %})
 *
 * The mechanism is fs-routing-clamp's (its README): run the inner chain,
 * record the handlers its grates register (register_handler, 1001), and
 * when the innermost cage execs "%}", point alt numbers of the clamp's
 * table at the inner handlers and the cage's entries at the clamp's
 * routers, then exec the program. The routing condition differs:
 * bind/connect/sendto by the sockaddr's port (AF_INET, AF_INET6), accept by
 * the listening fd, everything else by the fd (a fd is "inner" once a bind
 * or connect on it went inside, or accept returned it from inside).
 *
 * The runtime has no sockets yet (socket/bind/connect/... are ENOSYS), so
 * only the argument parsing and the routing are tested (README).
 */
#include <errno.h>
#include <lind_grate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NAME "net-routing-clamp"

#define H(name)                                                                                    \
    static int name(uint64_t grate, uint64_t a1, uint64_t a1c, uint64_t a2, uint64_t a2c,          \
                    uint64_t a3, uint64_t a3c, uint64_t a4, uint64_t a4c, uint64_t a5, uint64_t a5c, \
                    uint64_t a6, uint64_t a6c)
#define ARGS a1, a1c, a2, a2c, a3, a3c, a4, a4c, a5, a5c, a6, a6c
#define FORWARD(nr) lind_grate_forward(nr, grate, ARGS)

/* Linux x86-64 numbers the runtime does not implement yet (abi.h has no
 * names for them). */
#define NR_socket 41
#define NR_connect 42
#define NR_accept 43
#define NR_sendto 44
#define NR_recvfrom 45
#define NR_sendmsg 46
#define NR_recvmsg 47
#define NR_shutdown 48
#define NR_bind 49
#define NR_listen 50
#define NR_accept4 288

#define L_AF_INET 2
#define L_AF_INET6 10
#define L_F_DUPFD 0
#define L_F_DUPFD_CLOEXEC 1030

#define MAX_CAGES 4096
#define ALT_FIRST 1900 /* alt numbers: 1900..1999 (tables hold 0..2047) */
#define ALT_LAST 1999

enum { OUTER = 0, INNER = 1 };

enum kind {
    K_ADDR,    /* fd a1, sockaddr a2 (length a3): bind, connect */
    K_SENDTO,  /* fd a1, destination a5 (length a6), NULL: by the fd */
    K_ACCEPT,  /* by the listening fd; the new fd follows it */
    K_FD,      /* fd a1 */
};
struct call {
    uint64_t nr;
    enum kind kind;
    int makes_fd;
};
static const struct call calls[] = {
    {NR_bind, K_ADDR, 0},          {NR_connect, K_ADDR, 0},      {NR_sendto, K_SENDTO, 0},
    {NR_accept, K_ACCEPT, 1},      {NR_accept4, K_ACCEPT, 1},    {NR_listen, K_FD, 0},
    {NR_recvfrom, K_FD, 0},        {NR_sendmsg, K_FD, 0},        {NR_recvmsg, K_FD, 0},
    {NR_shutdown, K_FD, 0},        {LIND_SYS_read, K_FD, 0},     {LIND_SYS_write, K_FD, 0},
    {LIND_SYS_readv, K_FD, 0},     {LIND_SYS_writev, K_FD, 0},   {LIND_SYS_close, K_FD, 0},
    {LIND_SYS_dup, K_FD, 1},       {LIND_SYS_dup2, K_FD, 1},     {LIND_SYS_dup3, K_FD, 1},
    {LIND_SYS_fcntl, K_FD, 0},
};
#define NCALLS ((int)(sizeof calls / sizeof calls[0]))

struct cage {
    uint64_t in_grate[NCALLS];
    uint64_t in_fn[NCALLS];
    int clamped;
    uint16_t alt[NCALLS];
};
static struct cage *cages[MAX_CAGES];

static unsigned port_lo, port_hi;
static int log_on;
static uint64_t me;

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
    if (cage < MAX_CAGES) {
        free(cages[cage]);
        cages[cage] = NULL;
    }
    lind_grate_fdtable_drop(cage);
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

/* The side of a sockaddr: INNER for an AF_INET/AF_INET6 port in range;
 * -1 when it names no port (other families, short or unreadable). */
static int addr_side(uint64_t addr, uint64_t cage, uint64_t len) {
    unsigned char sa[4];
    if (addr == 0 || len < sizeof sa || lind_grate_read(cage, addr, sa, sizeof sa) < 0) return -1;
    unsigned family = sa[0] | (unsigned)sa[1] << 8;
    if (family != L_AF_INET && family != L_AF_INET6) return -1;
    unsigned port = (unsigned)sa[2] << 8 | sa[3]; /* network byte order */
    return port >= port_lo && port <= port_hi ? INNER : OUTER;
}

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
    int fd = (int32_t)a1;
    int side = fd_side(cage, fd);
    if (calls[idx].kind == K_ADDR) {
        int s = addr_side(a2, a2c, a3);
        if (s >= 0) side = s;
    } else if (calls[idx].kind == K_SENDTO) {
        int s = addr_side(a5, a5c, a6);
        if (s >= 0) side = s;
    }
    if ((nr == LIND_SYS_dup2 || nr == LIND_SYS_dup3) && fd != (int32_t)a2 && side == OUTER &&
        fd_side(cage, (int32_t)a2) == INNER) {
        /* A kernel fd put over an inner one: close the inner one first. */
        struct cage *c = get(cage);
        int ci = call_index(LIND_SYS_close);
        if (c && c->alt[ci])
            make_threei_call(c->alt[ci], 0, grate, cage, a2, cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             TRANSLATE_ERRNO_OFF);
        set_fd_side(cage, (int32_t)a2, OUTER);
    }
    int r = go(side, idx, grate, ARGS);
    if (r >= 0 && calls[idx].kind == K_ADDR) set_fd_side(cage, fd, side);
    if (r >= 0 && (calls[idx].makes_fd ||
                   (nr == LIND_SYS_fcntl && ((int32_t)a2 == L_F_DUPFD || (int32_t)a2 == L_F_DUPFD_CLOEXEC))))
        set_fd_side(cage, r, side);
    if (nr == LIND_SYS_close && r >= 0) set_fd_side(cage, fd, OUTER);
    return r;
}

#define ROUTE(nr_, fn)                                                                             \
    H(fn) { return route(nr_, grate, ARGS); }
ROUTE(NR_bind, r_bind)
ROUTE(NR_connect, r_connect)
ROUTE(NR_sendto, r_sendto)
ROUTE(NR_accept, r_accept)
ROUTE(NR_accept4, r_accept4)
ROUTE(NR_listen, r_listen)
ROUTE(NR_recvfrom, r_recvfrom)
ROUTE(NR_sendmsg, r_sendmsg)
ROUTE(NR_recvmsg, r_recvmsg)
ROUTE(NR_shutdown, r_shutdown)
ROUTE(LIND_SYS_read, r_read)
ROUTE(LIND_SYS_write, r_write)
ROUTE(LIND_SYS_readv, r_readv)
ROUTE(LIND_SYS_writev, r_writev)
ROUTE(LIND_SYS_close, r_close)
ROUTE(LIND_SYS_dup, r_dup)
ROUTE(LIND_SYS_dup2, r_dup2)
ROUTE(LIND_SYS_dup3, r_dup3)
ROUTE(LIND_SYS_fcntl, r_fcntl)

static const lind_grate_handler routers[NCALLS] = {
    r_bind,     r_connect, r_sendto,  r_accept, r_accept4, r_listen, r_recvfrom,
    r_sendmsg,  r_recvmsg, r_shutdown, r_read,  r_write,   r_readv,  r_writev,
    r_close,    r_dup,     r_dup2,    r_dup3,   r_fcntl,
};
_Static_assert(sizeof routers / sizeof routers[0] == NCALLS, "routers[] must follow calls[]");

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

static int boundary(uint64_t grate, uint64_t cage, uint64_t argv, uint64_t argvc, uint64_t envp,
                    uint64_t envpc) {
    uint32_t prog = 0;
    if (argv == 0 || lind_grate_read(argvc, argv + 4, &prog, sizeof prog) < 0 || prog == 0) {
        fprintf(stderr, NAME ": nothing to run after %%}\n");
        return -EINVAL;
    }
    struct cage *c = get_or_make(cage);
    if (!c) return -ENOMEM;
    for (int i = 0; i < NCALLS; i++) {
        c->alt[i] = 0;
        if (!c->in_grate[i]) continue;
        int alt = alt_for(c->in_grate[i], c->in_fn[i]);
        if (!alt) return -ENOSPC;
        c->alt[i] = (uint16_t)alt;
    }
    for (int i = 0; i < NCALLS; i++) {
        if (!c->alt[i]) continue;
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
            if (c) *c = *p;
        }
        lind_grate_fdtable_fork(a1c, child);
    }
    return r;
}

H(h_exit_group) {
    drop(a1c);
    return FORWARD(LIND_SYS_exit_group);
}

H(h_register_handler) {
    uint64_t table = a1, nr = a1c, hcage = a2c, fn = a3;
    if (table == 0) return -EINVAL;
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

static int usage(const char *why) {
    if (why) fprintf(stderr, NAME ": %s\n", why);
    fprintf(stderr, "usage: " NAME " [--log] --ports LOW-HIGH %%{ GRATE [ARGS]... %%} PROGRAM [ARGS...]\n"
                    "       (--ports PORT for one port; %%< ... %%> is accepted for %%{ ... %%})\n");
    return 1;
}

/* "N" or "L-H", ports 1..65535, L <= H. 0 or -1. */
static int parse_ports(const char *s) {
    char *end;
    unsigned long lo = strtoul(s, &end, 10), hi = lo;
    if (end == s || lo < 1 || lo > 65535) return -1;
    if (*end == '-') {
        const char *h = end + 1;
        hi = strtoul(h, &end, 10);
        if (end == h || hi < 1 || hi > 65535) return -1;
    }
    if (*end != 0 || lo > hi) return -1;
    port_lo = (unsigned)lo;
    port_hi = (unsigned)hi;
    return 0;
}

static int is_open(const char *s) { return strcmp(s, "%{") == 0 || strcmp(s, "%<") == 0; }
static int is_close(const char *s) { return strcmp(s, "%}") == 0 || strcmp(s, "%>") == 0; }
static const char *closer_of(const char *open) { return open[1] == '{' ? "%}" : "%>"; }

int main(int argc, char **argv) {
    const char *ports = NULL;
    int i = 1;
    for (; i < argc && !is_open(argv[i]); i++) {
        if (strcmp(argv[i], "--ports") == 0) {
            if (++i >= argc) return usage("--ports needs a port or a range");
            ports = argv[i];
        } else if (strncmp(argv[i], "--ports=", 8) == 0) {
            ports = argv[i] + 8;
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
    if (!ports) return usage("--ports is required");
    if (parse_ports(ports) < 0) {
        fprintf(stderr, NAME ": bad --ports '%s': want PORT or LOW-HIGH, 1..65535, LOW <= HIGH\n", ports);
        return usage(NULL);
    }
    if (i >= argc) return usage("missing the inner chain: '%{ ... %}'");

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
    return lind_grate_run(&g, &argv[open_at + 1]);
}
