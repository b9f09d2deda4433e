/* tests/grates/programs/gratetest.h — helpers for the grate test programs
 * (grates and the cages they run), built only with tools/lind-clang.
 *
 * Output rules (run-one compares stdout byte for byte with expected/):
 * - say() formats into a local buffer and write()s it at once: no stdio
 *   buffer, so lines from a grate's handlers, the grate's main and its
 *   cages come out in the order they happen, and a fork never duplicates
 *   pending output. Handlers may call it (no shared state is touched).
 * - Never print a pid or a cage id: print relations ("caller is my child:
 *   yes").
 * - Only one cage prints at a time: the others are blocked in waitpid() or
 *   in a read() on a pipe until it is their turn.
 * - Results of the 3i calls are 0/-errno (make_threei_call with
 *   TRANSLATE_ERRNO_OFF, register_handler, copy_handler_table_to_cage) or
 *   an address/-errno (copy_data_between_cages): rc() prints them as "ok"
 *   or the errno name. C-convention results (-1 and errno) go through
 *   crc().
 */
#ifndef GRATETEST_H
#define GRATETEST_H

#include <errno.h>
#include <fcntl.h>
#include <lind_syscall.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define GT_UNUSED __attribute__((unused))

/* Syscall numbers (Linux x86-64, as lind uses them). */
#define NR_read 0
#define NR_write 1
#define NR_open 2
#define NR_mmap 9
#define NR_getpid 39
#define NR_clone 56
#define NR_fork 57
#define NR_execve 59
#define NR_exit 60
#define NR_getuid 102
#define NR_getgid 104
#define NR_geteuid 107
#define NR_getegid 108
#define NR_openat 257
#define NR_exit_group 231

/* The value the test grates' geteuid handlers return (not a plausible
 * host uid, so "interposed" and "real" never look alike). */
#define FAKE_EUID 4242

/* A handler, as 3i calls it: the grate's own id, then six (value, cage)
 * pairs. HARGS declares the parameters, FWD passes them on unchanged. */
#define HARGS                                                                                      \
    uint64_t grate, uint64_t a1, uint64_t a1c, uint64_t a2, uint64_t a2c, uint64_t a3,            \
        uint64_t a3c, uint64_t a4, uint64_t a4c, uint64_t a5, uint64_t a5c, uint64_t a6,          \
        uint64_t a6c
#define FWD a1, a1c, a2, a2c, a3, a3c, a4, a4c, a5, a5c, a6, a6c
#define UNUSED_HARGS                                                                               \
    (void)grate, (void)a1, (void)a1c, (void)a2, (void)a2c, (void)a3, (void)a3c, (void)a4,          \
        (void)a4c, (void)a5, (void)a5c, (void)a6, (void)a6c
typedef int (*handler_fn)(HARGS);
#define FN(h) ((uint64_t)(uintptr_t)&(h))

/* Forwards call `nr` on behalf of `cage` through this grate's own table,
 * arguments unchanged; returns the raw result (-errno on failure). */
#define FORWARD(nr, cage) \
    make_threei_call((nr), 0, (uint64_t)getpid(), (cage), FWD, TRANSLATE_ERRNO_OFF)

/* printf to fd 1, unbuffered, one write per call. */
static GT_UNUSED void say(const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(1, p, (size_t)n);
        if (w <= 0) return;
        p += w;
        n -= (int)w;
    }
}

static GT_UNUSED const char *errname(int e) {
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ESPIPE: return "ESPIPE";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case EOVERFLOW: return "EOVERFLOW";
    case ENOTSUP: return "ENOTSUP";
    }
    static char other[32];
    snprintf(other, sizeof other, "errno %d", e);
    return other;
}

/* A 0/-errno (or value/-errno) result: "ok" or the errno name. */
static GT_UNUSED const char *rc(long r) {
    if (r >= 0) return "ok";
    if (r > -5100) return errname((int)-r);
    return "(not an errno)";
}

/* A C-convention result: "ok" or "-1 ENAME". Call right after the call. */
static GT_UNUSED const char *crc(long r) {
    static char buf[48];
    if (r != -1) return "ok";
    snprintf(buf, sizeof buf, "-1 %s", errname(errno));
    return buf;
}

static GT_UNUSED const char *yn(int b) { return b ? "yes" : "no"; }

/* "exit N" or "signal N" for a wait status. */
static GT_UNUSED const char *wstatus(int st) {
    static char buf[32];
    if (WIFEXITED(st))
        snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(buf, sizeof buf, "signal %d", WTERMSIG(st));
    else
        snprintf(buf, sizeof buf, "status 0x%x", st);
    return buf;
}

/* waitpid for one child; returns its status, or -1 (printed) on failure. */
static GT_UNUSED int wait_for(pid_t pid) {
    int st = 0;
    pid_t r;
    do r = waitpid(pid, &st, 0);
    while (r == -1 && errno == EINTR);
    if (r != pid) {
        say("waitpid: %s\n", crc(r));
        return -1;
    }
    return st;
}

/* Reads exactly one byte from fd (a turn token); 0, or -1 on EOF/error. */
static GT_UNUSED int gate_wait(int fd) {
    char c;
    ssize_t r;
    do r = read(fd, &c, 1);
    while (r == -1 && errno == EINTR);
    return r == 1 ? 0 : -1;
}
static GT_UNUSED void gate_pass(int fd) {
    char c = 'x';
    while (write(fd, &c, 1) == -1 && errno == EINTR) {
    }
}

/* One handler to register: call nr goes to fn in this grate. */
struct reg {
    uint64_t nr;
    handler_fn fn;
};

/* Runs argv[0] (with argv) as a child of this grate, its calls regs[]
 * interposed. The seed's way: the forked child registers the handlers in
 * its own table, pointing at its parent (allowed until its first exec),
 * then execs. A failed registration or exec is printed and the child
 * exits 99 / 127. Returns the child's pid (or -1, printed). */
static GT_UNUSED pid_t spawn_self_registered(char **argv, const struct reg *regs, int n) {
    uint64_t me = (uint64_t)getpid();
    pid_t pid = fork();
    if (pid == -1) {
        say("fork: %s\n", crc(-1));
        return -1;
    }
    if (pid == 0) {
        for (int i = 0; i < n; i++) {
            int r = register_handler((uint64_t)getpid(), regs[i].nr, me, (uint64_t)(uintptr_t)regs[i].fn);
            if (r != 0) {
                say("child: register_handler(self, %d, parent): %s\n", (int)regs[i].nr, rc(r));
                _exit(99);
            }
        }
        execv(argv[0], argv);
        say("child: execv %s: %s\n", argv[0], crc(-1));
        _exit(127);
    }
    return pid;
}

/* The other way: the child waits on a pipe while the parent registers the
 * handlers in the child's table (a descendant's table, pointed at the
 * caller), then execs. A failed registration is printed, and the child is
 * still released (it runs uninterposed, so the output shows it). */
static GT_UNUSED pid_t spawn_parent_registered(char **argv, const struct reg *regs, int n) {
    int p[2];
    if (pipe(p) == -1) {
        say("pipe: %s\n", crc(-1));
        return -1;
    }
    pid_t pid = fork();
    if (pid == -1) {
        say("fork: %s\n", crc(-1));
        return -1;
    }
    if (pid == 0) {
        close(p[1]);
        if (gate_wait(p[0]) != 0) _exit(98);
        close(p[0]);
        execv(argv[0], argv);
        say("child: execv %s: %s\n", argv[0], crc(-1));
        _exit(127);
    }
    close(p[0]);
    for (int i = 0; i < n; i++) {
        int r = register_handler((uint64_t)pid, regs[i].nr, (uint64_t)getpid(), (uint64_t)(uintptr_t)regs[i].fn);
        if (r != 0) say("grate: register_handler(child, %d, self): %s\n", (int)regs[i].nr, rc(r));
    }
    gate_pass(p[1]);
    close(p[1]);
    return pid;
}

#endif
