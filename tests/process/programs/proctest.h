/* tests/process/programs/proctest.h — helpers for the process test programs
 * (fork, exec, wait, pipes, signals, shared memory, setjmp).
 *
 * Builds on tests/cage's testlib.h (CHECK, CHECK_OK, EXPECT, errname, ...):
 * the same rules apply (see tests/cage/README.md), plus these for
 * processes, so that a native run and a lind run print the same bytes:
 *
 * - Never print a pid: print relations (EXPECT(getppid() == parent)).
 * - Only one process writes to stdout at a time. A child may print while
 *   its parent is blocked in waitpid() for it; otherwise children report
 *   through exit codes or pipes the parent reads (and sorts, when several
 *   children write concurrently).
 * - stdout is a file in both runs (fully buffered): flush before fork()
 *   (xfork() does), or the child inherits the buffer and prints it again
 *   (fork_stdio_buffer tests exactly that, on purpose).
 * - Timing only orders events with wide margins (a signal sent 200 ms
 *   into a blocking read), and only facts are printed ("the handler ran"),
 *   never durations.
 * - The runner makes ./NAME (this program) and ./bin/HELPER (the helper
 *   programs in ../helpers/) exist natively and in the lindfs, so exec
 *   targets are the same relative paths on both sides; argv[0] is "./NAME".
 */
#ifndef PROC_TESTLIB_H
#define PROC_TESTLIB_H

#include "../../cage/programs/testlib.h"

#include <signal.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

/* argv[0] of this program ("./NAME" under the runner): the path to exec
 * to run this program again. Set by proc_init(). */
static TL_UNUSED const char *PROG = "?";

/* Puts the process in a known signal state whatever the runner inherited:
 * every catchable signal at SIG_DFL, an empty mask. Prints nothing (under
 * a lind without signals these fail, and later output shows it). */
static TL_UNUSED void proc_init(int argc, char **argv) {
    if (argc > 0 && argv[0]) PROG = argv[0];
    for (int s = 1; s < 32; s++) {
        if (s == SIGKILL || s == SIGSTOP) continue;
        signal(s, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* printf + fflush(stdout). */
static TL_UNUSED void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

/* Linux signal numbers are the same in both builds, but names read better. */
static TL_UNUSED const char *signame(int s) {
    static char buf[16];
    switch (s) {
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    case SIGUSR1: return "SIGUSR1";
    case SIGSEGV: return "SIGSEGV";
    case SIGUSR2: return "SIGUSR2";
    case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM";
    case SIGTERM: return "SIGTERM";
    case SIGCHLD: return "SIGCHLD";
    case SIGCONT: return "SIGCONT";
    case SIGSTOP: return "SIGSTOP";
    case SIGTSTP: return "SIGTSTP";
    case SIGTTIN: return "SIGTTIN";
    case SIGTTOU: return "SIGTTOU";
    case SIGURG: return "SIGURG";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGVTALRM: return "SIGVTALRM";
    case SIGPROF: return "SIGPROF";
    case SIGWINCH: return "SIGWINCH";
    case SIGIO: return "SIGIO";
    case SIGPWR: return "SIGPWR";
    case SIGSYS: return "SIGSYS";
    }
    snprintf(buf, sizeof buf, "SIG%d", s);
    return buf;
}

/* A wait status in words: "exited 3", "killed by SIGTERM", "stopped by
 * SIGSTOP", "continued". (WCOREDUMP is never printed: it depends on the
 * host's core-dump settings.) */
static TL_UNUSED const char *status_str(int st) {
    static char buf[64];
    if (WIFEXITED(st))
        snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(buf, sizeof buf, "killed by %s", signame(WTERMSIG(st)));
    else if (WIFSTOPPED(st))
        snprintf(buf, sizeof buf, "stopped by %s", signame(WSTOPSIG(st)));
    else if (WIFCONTINUED(st))
        snprintf(buf, sizeof buf, "continued");
    else
        snprintf(buf, sizeof buf, "unknown status 0x%x", (unsigned)st);
    return buf;
}

/* fflush everything, then fork. On failure prints `fork: -1 ENAME` and
 * exits 1, so a lind without fork stops at the first fork with a clear
 * line. */
static TL_UNUSED pid_t xfork(void) {
    fflush(NULL);
    pid_t p = fork();
    if (p < 0) {
        int e = errno;
        say("fork: -1 %s\n", errname(e));
        exit(1);
    }
    return p;
}

/* waitpid, retried on EINTR; returns the status (or -1 after printing
 * the error). */
static TL_UNUSED int xwait(pid_t pid) {
    int st = 0;
    pid_t r;
    do r = waitpid(pid, &st, 0);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        say("waitpid: -1 %s\n", errname(errno));
        return -1;
    }
    if (pid > 0 && r != pid) say("waitpid: returned another pid\n");
    return st;
}

/* waitpid(pid) and print `LABEL: <status>`; returns the status. */
static TL_UNUSED int wait_show(pid_t pid, const char *label) {
    int st = xwait(pid);
    if (st != -1) say("%s: %s\n", label, status_str(st));
    return st;
}

/* Flush and leave a child without running atexit handlers twice. */
static TL_UNUSED void child_exit(int code) {
    fflush(NULL);
    _exit(code);
}

/* Sleep MS milliseconds, resuming after signal handlers. */
static TL_UNUSED void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L}, rem;
    while (nanosleep(&ts, &rem) < 0 && errno == EINTR) ts = rem;
}

/* read()/write() retried on EINTR and short counts. read_full stops at
 * EOF and returns the bytes read (or -1). */
static TL_UNUSED ssize_t read_full(int fd, void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}
static TL_UNUSED ssize_t write_full(int fd, const void *buf, size_t n) {
    size_t put = 0;
    while (put < n) {
        ssize_t r = write(fd, (const char *)buf + put, n - put);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        put += (size_t)r;
    }
    return (ssize_t)put;
}
static TL_UNUSED ssize_t write_str(int fd, const char *s) {
    return write_full(fd, s, strlen(s));
}

/* One-byte handshakes over a pipe: gate_open writes a byte, gate_pass
 * reads one (returns 1, or 0 at EOF / on error). */
static TL_UNUSED int gate_open(int wfd) {
    char c = 'g';
    return write_full(wfd, &c, 1) == 1;
}
static TL_UNUSED int gate_pass(int rfd) {
    char c;
    return read_full(rfd, &c, 1) == 1;
}

/* Read everything from FD until EOF into a NUL-terminated malloc'd
 * string (*len gets the byte count). */
static TL_UNUSED char *slurp_fd(int fd, size_t *len) {
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        n += (size_t)r;
    }
    buf[n] = 0;
    if (len) *len = n;
    return buf;
}

/* fork with the child's stdout redirected into a pipe: in the child
 * returns 0 (printing goes to the pipe); in the parent returns the pid
 * and sets *rfd to the read end, for show_captured(). Lets a child print
 * while its parent prints too, without interleaving. */
static TL_UNUSED pid_t fork_captured(int *rfd) {
    int p[2];
    fflush(NULL);
    if (pipe(p) < 0) {
        say("pipe: -1 %s\n", errname(errno));
        exit(1);
    }
    pid_t pid = xfork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        return 0;
    }
    close(p[1]);
    *rfd = p[0];
    return pid;
}

/* Read a captured child's output to EOF and print it, each line prefixed
 * with LABEL. Closes RFD. */
static TL_UNUSED void show_captured(int rfd, const char *label) {
    size_t n;
    char *s = slurp_fd(rfd, &n);
    close(rfd);
    char *line = s;
    while (*line) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        printf("%s%s\n", label, line);
        if (!nl) break;
        line = nl + 1;
    }
    fflush(stdout);
    free(s);
}

/* Sort the lines of S in place (for output of concurrent writers) and
 * print each with PREFIX. */
static TL_UNUSED void print_sorted_lines(const char *prefix, char *s) {
    char *lines[512];
    int n = 0;
    for (char *p = strtok(s, "\n"); p && n < 512; p = strtok(NULL, "\n")) lines[n++] = p;
    qsort(lines, (size_t)n, sizeof lines[0], tl_strcmp_p);
    for (int i = 0; i < n; i++) printf("%s%s\n", prefix, lines[i]);
    fflush(stdout);
}

/* Install HANDLER for SIG with FLAGS and an empty sa_mask (prints
 * nothing; returns sigaction's result). */
static TL_UNUSED int set_handler(int sig, void (*handler)(int), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = flags;
    return sigaction(sig, &sa, NULL);
}

/* Is SIG in the current signal mask / the pending set? (1, 0, or -1 on
 * error.) */
static TL_UNUSED int sig_blocked(int sig) {
    sigset_t cur;
    if (sigprocmask(SIG_BLOCK, NULL, &cur) < 0) return -1;
    return sigismember(&cur, sig);
}
static TL_UNUSED int sig_pending(int sig) {
    sigset_t p;
    if (sigpending(&p) < 0) return -1;
    return sigismember(&p, sig);
}
static TL_UNUSED int block_sig(int how, int sig) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    return sigprocmask(how, &s, NULL);
}

#endif
