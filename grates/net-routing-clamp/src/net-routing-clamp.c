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
 * RawPOSIX serves no sockets yet (the C library makes the calls; 3i answers
 * ENOSYS), so only the argument parsing and the routing are tested
 * (README).
 */
#include <errno.h>
#include <lind_grate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clamp.h"

#define NAME "net-routing-clamp"

#define L_AF_INET 2
#define L_AF_INET6 10

#define ALT_FIRST 1900 /* alt numbers: 1900..1999 (tables hold 0..2047) */
#define ALT_LAST 1999

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
    {LIND_SYS_bind, K_ADDR, 0},          {LIND_SYS_connect, K_ADDR, 0},      {LIND_SYS_sendto, K_SENDTO, 0},
    {LIND_SYS_accept, K_ACCEPT, 1},      {LIND_SYS_accept4, K_ACCEPT, 1},    {LIND_SYS_listen, K_FD, 0},
    {LIND_SYS_recvfrom, K_FD, 0},        {LIND_SYS_sendmsg, K_FD, 0},        {LIND_SYS_recvmsg, K_FD, 0},
    {LIND_SYS_shutdown, K_FD, 0},        {LIND_SYS_read, K_FD, 0},     {LIND_SYS_write, K_FD, 0},
    {LIND_SYS_readv, K_FD, 0},     {LIND_SYS_writev, K_FD, 0},   {LIND_SYS_close, K_FD, 0},
    {LIND_SYS_dup, K_FD, 1},       {LIND_SYS_dup2, K_FD, 1},     {LIND_SYS_dup3, K_FD, 1},
    {LIND_SYS_fcntl, K_FD, 0},
};
#define NCALLS ((int)(sizeof calls / sizeof calls[0]))

static unsigned port_lo, port_hi;
static int log_on;

static uint64_t nr_of(int i) { return calls[i].nr; }

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

static int route(uint64_t nr, LIND_GRATE_PARAMS) {
    int idx = clamp_slot(nr);
    uint64_t cage = a1cage;
    int fd = (int32_t)a1;
    int side = clamp_fd_side(cage, fd);
    if (calls[idx].kind == K_ADDR) {
        int s = addr_side(a2, a2cage, a3);
        if (s >= 0) side = s;
    } else if (calls[idx].kind == K_SENDTO) {
        int s = addr_side(a5, a5cage, a6);
        if (s >= 0) side = s;
    }
    clamp_before_dup2(nr, side, grate, cage, a1, a2);
    int r = clamp_go(side, idx, nr, LIND_GRATE_ARGS);
    if (r >= 0 && calls[idx].kind == K_ADDR) clamp_set_fd_side(cage, fd, side);
    clamp_after(nr, calls[idx].makes_fd, side, r, cage, a1, a2);
    return r;
}

/* One handler per routed call (ROUTE: clamp.h). */
ROUTE(LIND_SYS_bind, r_bind)
ROUTE(LIND_SYS_connect, r_connect)
ROUTE(LIND_SYS_sendto, r_sendto)
ROUTE(LIND_SYS_accept, r_accept)
ROUTE(LIND_SYS_accept4, r_accept4)
ROUTE(LIND_SYS_listen, r_listen)
ROUTE(LIND_SYS_recvfrom, r_recvfrom)
ROUTE(LIND_SYS_sendmsg, r_sendmsg)
ROUTE(LIND_SYS_recvmsg, r_recvmsg)
ROUTE(LIND_SYS_shutdown, r_shutdown)
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

int main(int argc, char **argv) {
    const char *ports = NULL, *why;
    int i = clamp_options(argc, argv, NAME, "--ports", "--ports needs a port or a range", &ports, &log_on, &why);
    if (i < 0) return usage(why);
    if (!ports) return usage("--ports is required");
    if (parse_ports(ports) < 0) {
        fprintf(stderr, NAME ": bad --ports '%s': want PORT or LOW-HIGH, 1..65535, LOW <= HIGH\n", ports);
        return usage(NULL);
    }
    if (i >= argc) return usage("missing the inner chain: '%{ ... %}'");

    int open_at = i, close_at = clamp_match_chain(argc, argv, NAME, open_at, &why);
    if (close_at < 0) return usage(why);
    if (close_at == argc - 1) return usage("no program after the inner chain");

    struct clamp_config cfg = {
        .name = NAME, .nslots = NCALLS, .nr_of = nr_of,
        .alt_first = ALT_FIRST, .alt_last = ALT_LAST, .angle_markers = 1, .track_fds = 1,
        .log = log_on, .routers = routers,
    };
    return clamp_run(&cfg, &argv[open_at + 1]);
}
