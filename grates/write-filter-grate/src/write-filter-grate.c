/* write-filter-grate: the program it runs (and every descendant) may write
 * only to files whose path ends in ".log". An fd opened (open, openat,
 * creat) on any other path is marked; write, pwrite, writev and pwritev on a
 * marked fd fail with EPERM. Unmarked fds -- stdin/stdout/stderr, pipes,
 * sockets, *.log files -- are written normally. Marks follow dup, dup2,
 * dup3 and fcntl(F_DUPFD*), are copied to forked children, survive exec
 * (except for close-on-exec fds, which exec closes), and go on close.
 *   write-filter-grate PROGRAM [ARGS...] */
#include <errno.h>
#include <lind_grate.h>
#include <stdio.h>
#include <string.h>

/* Linux values (glibc-shim translates O_* to them; F_* and FD_CLOEXEC are
 * Linux's already). */
#define L_O_CLOEXEC 02000000
#define L_F_DUPFD 0
#define L_F_SETFD 2
#define L_F_DUPFD_CLOEXEC 1030
#define L_FD_CLOEXEC 1
#define L_CLONE_VM 0x100
#define L_CLONE_THREAD 0x10000

/* fd table values */
#define DENY 1u     /* opened on a path not ending in .log */
#define CLOEXEC 2u  /* closed by a successful exec */

#define PATH_LEN 4096

static char path[PATH_LEN];

/* "x.log", "/dir/x.log": yes; ".log", "/dir/.log" (a dot file, no
 * extension), "x.log/", "x.LOG": no. */
static int is_log(const char *p) {
    const char *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    size_t n = strlen(base);
    return n > 4 && strcmp(base + n - 4, ".log") == 0;
}

static uint64_t mark_of(uint64_t cage, int fd) {
    uint64_t v = 0;
    if (lind_grate_fdtable_get(cage, fd, &v) != 0) return 0;
    return v;
}

static void set_mark(uint64_t cage, int fd, uint64_t v) {
    if (fd < 0) return;
    if (v) lind_grate_fdtable_set(cage, fd, v);
    else lind_grate_fdtable_remove(cage, fd);
}

/* After a successful open of pathaddr: mark fd unless the path is a .log.
 * An unreadable path counts as not .log. */
static int opened(uint64_t cage, uint64_t pathaddr, uint64_t pathcage, uint64_t flags, int fd) {
    if (fd < 0) return fd;
    int log = lind_grate_read_string(pathcage, pathaddr, path, sizeof path) == 0 && is_log(path);
    set_mark(cage, fd, log ? 0 : DENY | ((flags & L_O_CLOEXEC) ? CLOEXEC : 0));
    return fd;
}

LIND_GRATE_HANDLER(h_open) { return opened(a1cage, a1, a1cage, a2, LIND_GRATE_FORWARD(LIND_SYS_open)); }
LIND_GRATE_HANDLER(h_openat) { return opened(a1cage, a2, a2cage, a3, LIND_GRATE_FORWARD(LIND_SYS_openat)); }
LIND_GRATE_HANDLER(h_creat) { return opened(a1cage, a1, a1cage, 0, LIND_GRATE_FORWARD(LIND_SYS_creat)); }

LIND_GRATE_HANDLER(h_close) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_close);
    if (r == 0) lind_grate_fdtable_remove(a1cage, (int)a1);
    return r;
}

LIND_GRATE_HANDLER(h_dup) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup);
    if (r >= 0) set_mark(a1cage, r, mark_of(a1cage, (int)a1) & DENY);
    return r;
}

LIND_GRATE_HANDLER(h_dup2) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup2);
    if (r >= 0 && (int)a1 != (int)a2) set_mark(a1cage, r, mark_of(a1cage, (int)a1) & DENY);
    return r;
}

LIND_GRATE_HANDLER(h_dup3) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_dup3);
    uint64_t m = mark_of(a1cage, (int)a1) & DENY;
    if (r >= 0) set_mark(a1cage, r, m && (a3 & L_O_CLOEXEC) ? m | CLOEXEC : m);
    return r;
}

LIND_GRATE_HANDLER(h_fcntl) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_fcntl);
    if (r < 0) return r;
    int cmd = (int)a2;
    uint64_t m = mark_of(a1cage, (int)a1);
    if (cmd == L_F_DUPFD) set_mark(a1cage, r, m & DENY);
    else if (cmd == L_F_DUPFD_CLOEXEC) set_mark(a1cage, r, (m & DENY) ? DENY | CLOEXEC : 0);
    else if (cmd == L_F_SETFD && (m & DENY)) set_mark(a1cage, (int)a1, ((int)a3 & L_FD_CLOEXEC) ? DENY | CLOEXEC : DENY);
    return r;
}

/* New pipe ends are never marked (clears anything stale). */
static int pipe_common(uint64_t cage, uint64_t addr, int r) {
    int fds[2];
    if (r == 0 && lind_grate_read(cage, addr, fds, sizeof fds) == 0) {
        set_mark(cage, fds[0], 0);
        set_mark(cage, fds[1], 0);
    }
    return r;
}
LIND_GRATE_HANDLER(h_pipe) { return pipe_common(a1cage, a1, LIND_GRATE_FORWARD(LIND_SYS_pipe)); }
LIND_GRATE_HANDLER(h_pipe2) { return pipe_common(a1cage, a1, LIND_GRATE_FORWARD(LIND_SYS_pipe2)); }

LIND_GRATE_HANDLER(h_clone) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_clone);
    if (r > 0 && !(a1 & (L_CLONE_VM | L_CLONE_THREAD))) lind_grate_fdtable_fork(a1cage, (uint64_t)r);
    return r;
}

LIND_GRATE_HANDLER(h_execve) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_execve);
    if (r >= 0)
        for (int fd = 0; fd < LIND_GRATE_FD_MAX; fd++)
            if (mark_of(a1cage, fd) & CLOEXEC) lind_grate_fdtable_remove(a1cage, fd);
    return r;
}

LIND_GRATE_HANDLER(h_exit_group) {
    lind_grate_fdtable_drop(a1cage);
    return LIND_GRATE_FORWARD(LIND_SYS_exit_group);
}

static int deny_or_forward(uint64_t nr, LIND_GRATE_PARAMS) {
    if (mark_of(a1cage, (int)a1) & DENY) return -EPERM;
    return LIND_GRATE_FORWARD(nr);
}
LIND_GRATE_HANDLER(h_write) { return deny_or_forward(LIND_SYS_write, LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_pwrite) { return deny_or_forward(LIND_SYS_pwrite64, LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_writev) { return deny_or_forward(LIND_SYS_writev, LIND_GRATE_ARGS); }
LIND_GRATE_HANDLER(h_pwritev) { return deny_or_forward(LIND_SYS_pwritev, LIND_GRATE_ARGS); }

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: write-filter-grate PROGRAM [ARGS...]\n");
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_open, h_open);
    lind_grate_register(&g, LIND_SYS_openat, h_openat);
    lind_grate_register(&g, LIND_SYS_creat, h_creat);
    lind_grate_register(&g, LIND_SYS_close, h_close);
    lind_grate_register(&g, LIND_SYS_dup, h_dup);
    lind_grate_register(&g, LIND_SYS_dup2, h_dup2);
    lind_grate_register(&g, LIND_SYS_dup3, h_dup3);
    lind_grate_register(&g, LIND_SYS_fcntl, h_fcntl);
    lind_grate_register(&g, LIND_SYS_pipe, h_pipe);
    lind_grate_register(&g, LIND_SYS_pipe2, h_pipe2);
    lind_grate_register(&g, LIND_SYS_clone, h_clone);
    lind_grate_register(&g, LIND_SYS_execve, h_execve);
    lind_grate_register(&g, LIND_SYS_exit_group, h_exit_group);
    lind_grate_register(&g, LIND_SYS_write, h_write);
    lind_grate_register(&g, LIND_SYS_pwrite64, h_pwrite);
    lind_grate_register(&g, LIND_SYS_writev, h_writev);
    lind_grate_register(&g, LIND_SYS_pwritev, h_pwritev);
    return lind_grate_run(&g, &argv[1]);
}
