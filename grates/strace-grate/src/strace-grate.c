/* strace-grate: logs every syscall of the program it runs, and of that
 * program's descendants, as strace -f does: `name(args) = result`, one line
 * per call, written once the call has returned (exit, exit_group: before;
 * execve: its arguments are read before it is forwarded).
 *   strace-grate [-o FILE] PROGRAM [ARGS...]
 * Every call is forwarded unchanged (lind_grate_forward) and its result is
 * returned unchanged. See ../README.md for the format and the limits. */
#include <errno.h>
#include <fcntl.h>
#include <lind_grate.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strace.h"

#define STRSIZE 32     /* data shown per string, as strace's -s 32 */
#define PATHSIZE 4096  /* file names are shown in full, up to this */
#define MAXARGV 32     /* execve argv elements shown */
#define MAXIOV 16      /* iovec elements shown */

/* ---- the calls: name, argument kinds, result kind ------------------------
 * Argument kinds (one letter per argument, Linux x86-64 order):
 *   d int        u unsigned    l signed 64-bit   x hex      p pointer
 *   s file name (in full)      W data in, its length the next argument
 *   R data out (the result's length, after the call)   Z string out
 *   v iovec array in, count next   y iovec array out (readv), count next
 *   D dirfd (AT_FDCWD)   O open flags    m mode (octal)   a access mode
 *   P mmap prot          M mmap flags    w lseek whence   A AT_* flags
 *   g signal             h sigprocmask how   k clock id   T timespec in
 *   V wait status out    n wait options  i int[2] out     L flock op
 *   c fcntl command      X fcntl argument (by command)
 *   e argv array         E envp array (counted)
 * Result kinds: d decimal, x hex (addresses), o octal (umask),
 * ? does not return (exit, exit_group). */
struct sc {
    int nr;
    const char *name;
    const char *args;
    char ret;
};

#define NR_CLONE 56
#define NR_EXECVE 59
#define NR_EXIT 60
#define NR_FCNTL 72
#define NR_OPEN 2
#define NR_OPENAT 257
#define NR_UNLINKAT 263
#define NR_FACCESSAT 269
#define NR_EXIT_GROUP 231

static const struct sc calls[] = {
    {0, "read", "dRu", 'd'},
    {1, "write", "dWu", 'd'},
    {2, "open", "sOm", 'd'},
    {3, "close", "d", 'd'},
    {4, "stat", "sp", 'd'},
    {5, "fstat", "dp", 'd'},
    {6, "lstat", "sp", 'd'},
    {7, "poll", "pud", 'd'},
    {8, "lseek", "dlw", 'd'},
    {9, "mmap", "puPMdx", 'x'},
    {10, "mprotect", "puP", 'd'},
    {11, "munmap", "pu", 'd'},
    {12, "brk", "p", 'x'},
    {13, "rt_sigaction", "gppu", 'd'},
    {14, "rt_sigprocmask", "hppu", 'd'},
    {16, "ioctl", "dxx", 'd'},
    {17, "pread64", "dRul", 'd'},
    {18, "pwrite64", "dWul", 'd'},
    {19, "readv", "dyd", 'd'},
    {20, "writev", "dvd", 'd'},
    {21, "access", "sa", 'd'},
    {22, "pipe", "i", 'd'},
    {23, "select", "dpppp", 'd'},
    {24, "sched_yield", "", 'd'},
    {32, "dup", "d", 'd'},
    {33, "dup2", "dd", 'd'},
    {34, "pause", "", 'd'},
    {35, "nanosleep", "Tp", 'd'},
    {36, "getitimer", "dp", 'd'},
    {37, "alarm", "u", 'd'},
    {38, "setitimer", "dpp", 'd'},
    {39, "getpid", "", 'd'},
    {NR_CLONE, "clone", "", 'd'}, /* formatted by hand */
    {57, "fork", "", 'd'},
    {NR_EXECVE, "execve", "seE", 'd'},
    {NR_EXIT, "exit", "d", '?'},
    {61, "wait4", "dVnp", 'd'},
    {62, "kill", "dg", 'd'},
    {63, "uname", "p", 'd'},
    {NR_FCNTL, "fcntl", "dcX", 'd'},
    {73, "flock", "dL", 'd'},
    {74, "fsync", "d", 'd'},
    {75, "fdatasync", "d", 'd'},
    {76, "truncate", "sl", 'd'},
    {77, "ftruncate", "dl", 'd'},
    {79, "getcwd", "Zu", 'd'},
    {80, "chdir", "s", 'd'},
    {81, "fchdir", "d", 'd'},
    {82, "rename", "ss", 'd'},
    {83, "mkdir", "sm", 'd'},
    {84, "rmdir", "s", 'd'},
    {85, "creat", "sm", 'd'},
    {86, "link", "ss", 'd'},
    {87, "unlink", "s", 'd'},
    {88, "symlink", "ss", 'd'},
    {89, "readlink", "sRu", 'd'},
    {90, "chmod", "sm", 'd'},
    {91, "fchmod", "dm", 'd'},
    {92, "chown", "sdd", 'd'},
    {93, "fchown", "ddd", 'd'},
    {94, "lchown", "sdd", 'd'},
    {95, "umask", "m", 'o'},
    {96, "gettimeofday", "pp", 'd'},
    {98, "getrusage", "dp", 'd'},
    {102, "getuid", "", 'd'},
    {104, "getgid", "", 'd'},
    {107, "geteuid", "", 'd'},
    {108, "getegid", "", 'd'},
    {109, "setpgid", "dd", 'd'},
    {110, "getppid", "", 'd'},
    {112, "setsid", "", 'd'},
    {121, "getpgid", "d", 'd'},
    {124, "getsid", "d", 'd'},
    {127, "rt_sigpending", "pu", 'd'},
    {130, "rt_sigsuspend", "pu", 'd'},
    {133, "mknod", "smx", 'd'},
    {137, "statfs", "sp", 'd'},
    {138, "fstatfs", "dp", 'd'},
    {200, "tkill", "dg", 'd'},
    {202, "futex", "pxuppu", 'd'},
    {217, "getdents64", "dpu", 'd'},
    {221, "fadvise64", "dllx", 'd'},
    {228, "clock_gettime", "kp", 'd'},
    {229, "clock_getres", "kp", 'd'},
    {230, "clock_nanosleep", "kxTp", 'd'},
    {NR_EXIT_GROUP, "exit_group", "d", '?'},
    {234, "tgkill", "ddg", 'd'},
    {NR_OPENAT, "openat", "DsOm", 'd'},
    {258, "mkdirat", "Dsm", 'd'},
    {259, "mknodat", "Dsmx", 'd'},
    {260, "fchownat", "DsddA", 'd'},
    {262, "newfstatat", "DspA", 'd'},
    {NR_UNLINKAT, "unlinkat", "DsA", 'd'},
    {264, "renameat", "DsDs", 'd'},
    {265, "linkat", "DsDsA", 'd'},
    {266, "symlinkat", "sDs", 'd'},
    {267, "readlinkat", "DsRu", 'd'},
    {268, "fchmodat", "Dsm", 'd'},
    {NR_FACCESSAT, "faccessat", "Dsa", 'd'},
    {280, "utimensat", "DspA", 'd'},
    {285, "fallocate", "ddll", 'd'},
    {292, "dup3", "ddO", 'd'},
    {293, "pipe2", "iO", 'd'},
    {295, "preadv", "dydl", 'd'},
    {296, "pwritev", "dvdl", 'd'},
    {302, "prlimit64", "ddpp", 'd'},
    {316, "renameat2", "DsDsx", 'd'},
    {318, "getrandom", "pux", 'd'},
    /* lind's start-up calls (abi.h). */
    {2001, "lind_args_sizes", "pp", 'd'},
    {2002, "lind_args_get", "pp", 'd'},
    {2003, "lind_environ_sizes", "pp", 'd'},
    {2004, "lind_environ_get", "pp", 'd'},
};
#define NCALLS ((int)(sizeof calls / sizeof calls[0]))

/* -e trace=: which calls are shown (indexes into calls[]). */
static unsigned char hidden[sizeof calls / sizeof calls[0]];

static const struct sc *call_of(int nr) {
    for (int i = 0; i < NCALLS; i++)
        if (calls[i].nr == nr) return &calls[i];
    return NULL;
}

/* ---- output buffer -------------------------------------------------------- */
struct out {
    char *p;
    size_t n, cap;
};

static void put(struct out *o, const char *s, size_t n) {
    if (o->n + n > o->cap) n = o->cap - o->n;
    memcpy(o->p + o->n, s, n);
    o->n += n;
}
static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }
static void printf_(struct out *o, const char *fmt, ...) {
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* The output file: stderr, or -o FILE. One write per line, so lines of
 * cages running at once never mix. */
static int out_fd = 2;

static void emit(struct out *o) {
    size_t off = 0;
    while (off < o->n) {
        ssize_t w = write(out_fd, o->p + off, o->n - off);
        if (w <= 0) return;
        off += (size_t)w;
    }
}

/* ---- strings, as strace quotes them ---------------------------------------- */
static void quote(struct out *o, const unsigned char *s, size_t n, int more) {
    puts_(o, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = s[i];
        switch (ch) {
        case '"': puts_(o, "\\\""); break;
        case '\\': puts_(o, "\\\\"); break;
        case '\n': puts_(o, "\\n"); break;
        case '\t': puts_(o, "\\t"); break;
        case '\r': puts_(o, "\\r"); break;
        case '\f': puts_(o, "\\f"); break;
        case '\v': puts_(o, "\\v"); break;
        default:
            if (ch >= ' ' && ch < 0x7f) {
                put(o, (const char *)&ch, 1);
            } else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
                printf_(o, "\\%03o", ch); /* an octal digit follows */
            } else {
                printf_(o, "\\%o", ch);
            }
        }
    }
    puts_(o, "\"");
    if (more) puts_(o, "...");
}

static void pointer(struct out *o, uint64_t p) {
    if (p == 0) puts_(o, "NULL");
    else printf_(o, "%#llx", (unsigned long long)p);
}

/* A NUL-terminated string of the cage, at most max bytes shown (strace's
 * "..." when longer); its address if it cannot be read. */
static void cstring(struct out *o, uint64_t cage, uint64_t addr, size_t max) {
    static const size_t tries[] = {PATHSIZE, 256, 64, 1};
    char buf[PATHSIZE + 1];
    if (addr == 0) {
        puts_(o, "NULL");
        return;
    }
    for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
        size_t len = tries[t] < max + 1 ? tries[t] : max + 1;
        if (lind_grate_read_string(cage, addr, buf, len) == 0) {
            size_t n = strlen(buf);
            quote(o, (unsigned char *)buf, n, 0);
            return;
        }
        /* No NUL within len: longer than max (when len is max + 1), or
         * near the end of the cage's memory (try a shorter read). */
        if (len == max + 1 && lind_grate_read(cage, addr, buf, max) == 0) {
            quote(o, (unsigned char *)buf, max, 1);
            return;
        }
    }
    pointer(o, addr);
}

/* len bytes of data at addr (at most STRSIZE shown). */
static void data(struct out *o, uint64_t cage, uint64_t addr, uint64_t len) {
    unsigned char buf[STRSIZE];
    size_t n = len < STRSIZE ? (size_t)len : STRSIZE;
    if (addr == 0 || lind_grate_read(cage, addr, buf, n) != 0) {
        pointer(o, addr);
        return;
    }
    quote(o, buf, n, len > STRSIZE);
}

/* ---- flags ------------------------------------------------------------------ */
struct flag {
    uint64_t bit;
    const char *name;
};

/* Prints the named bits of v joined by |, then any rest in hex; "0" (or
 * zero, when given) for nothing. */
static void flags(struct out *o, uint64_t v, const struct flag *f, size_t nf, const char *zero) {
    int any = 0;
    for (size_t i = 0; i < nf; i++) {
        if (f[i].bit && (v & f[i].bit) == f[i].bit) {
            printf_(o, "%s%s", any ? "|" : "", f[i].name);
            v &= ~f[i].bit;
            any = 1;
        }
    }
    if (v) printf_(o, "%s%#llx", any ? "|" : "", (unsigned long long)v);
    else if (!any) puts_(o, zero ? zero : "0");
}
#define FLAGS(o, v, table, zero) flags((o), (v), (table), sizeof(table) / sizeof(table[0]), (zero))

/* Linux x86-64 values: the shim passes them (not wasi-libc's). */
static const struct flag open_flags[] = {
    {0100, "O_CREAT"},         {0200, "O_EXCL"},         {0400, "O_NOCTTY"},
    {01000, "O_TRUNC"},        {02000, "O_APPEND"},      {04000, "O_NONBLOCK"},
    {04010000, "O_SYNC"},      {010000, "O_DSYNC"},      {020000, "O_ASYNC"},
    {040000, "O_DIRECT"},      {0100000, "O_LARGEFILE"}, {020200000, "O_TMPFILE"},
    {0200000, "O_DIRECTORY"},  {0400000, "O_NOFOLLOW"},  {01000000, "O_NOATIME"},
    {02000000, "O_CLOEXEC"},   {010000000, "O_PATH"},
};

static void open_flags_of(struct out *o, uint64_t v) {
    static const char *acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    puts_(o, acc[v & 3]);
    v &= ~(uint64_t)3;
    if (v) {
        puts_(o, "|");
        FLAGS(o, v, open_flags, NULL);
    }
}

static const struct flag prot_flags[] = {
    {1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"},
    {0x01000000, "PROT_GROWSDOWN"}, {0x02000000, "PROT_GROWSUP"},
};
static const struct flag map_flags[] = {
    {0x10, "MAP_FIXED"},      {0x20, "MAP_ANONYMOUS"},   {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"}, {0x1000, "MAP_EXECUTABLE"}, {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"}, {0x8000, "MAP_POPULATE"},  {0x10000, "MAP_NONBLOCK"},
    {0x20000, "MAP_STACK"},   {0x40000, "MAP_HUGETLB"},  {0x80000, "MAP_SYNC"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
};
static void map_flags_of(struct out *o, uint64_t v) {
    static const char *type[] = {"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
    puts_(o, type[v & 3]);
    v &= ~(uint64_t)3;
    if (v) {
        puts_(o, "|");
        FLAGS(o, v, map_flags, NULL);
    }
}

static const struct flag access_flags[] = {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}};
static const struct flag at_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"},     {0x1000, "AT_EMPTY_PATH"},
};
static const struct flag wait_flags[] = {
    {1, "WNOHANG"}, {2, "WUNTRACED"}, {8, "WCONTINUED"}, {0x01000000, "WNOWAIT"},
    {0x20000000, "__WNOTHREAD"}, {0x40000000, "__WALL"}, {0x80000000, "__WCLONE"},
};
static const struct flag flock_flags[] = {{1, "LOCK_SH"}, {2, "LOCK_EX"}, {4, "LOCK_NB"}, {8, "LOCK_UN"}};
static const struct flag clone_flags[] = {
    {0x100, "CLONE_VM"},           {0x200, "CLONE_FS"},
    {0x400, "CLONE_FILES"},        {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"},       {0x2000, "CLONE_PTRACE"},
    {0x4000, "CLONE_VFORK"},       {0x8000, "CLONE_PARENT"},
    {0x10000, "CLONE_THREAD"},     {0x20000, "CLONE_NEWNS"},
    {0x40000, "CLONE_SYSVSEM"},    {0x80000, "CLONE_SETTLS"},
    {0x100000, "CLONE_PARENT_SETTID"}, {0x200000, "CLONE_CHILD_CLEARTID"},
    {0x400000, "CLONE_DETACHED"},  {0x800000, "CLONE_UNTRACED"},
    {0x1000000, "CLONE_CHILD_SETTID"},
};

static const char *const signames[] = {
    "0",       "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",  "SIGTRAP", "SIGABRT", "SIGBUS",
    "SIGFPE",  "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",  "SIGPWR",  "SIGSYS",
};
static void signal_of(struct out *o, uint64_t v) {
    int s = (int)v;
    if (s >= 0 && s < 32) puts_(o, signames[s]);
    else if (s >= 32 && s <= 64) printf_(o, "SIGRT_%d", s - 32);
    else printf_(o, "%d", s);
}

static const char *const clocks[] = {
    "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
    "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",
};

static const char *fcntl_cmd(uint64_t v) {
    switch ((int)v) {
    case 0: return "F_DUPFD";
    case 1: return "F_GETFD";
    case 2: return "F_SETFD";
    case 3: return "F_GETFL";
    case 4: return "F_SETFL";
    case 5: return "F_GETLK";
    case 6: return "F_SETLK";
    case 7: return "F_SETLKW";
    case 8: return "F_SETOWN";
    case 9: return "F_GETOWN";
    case 1030: return "F_DUPFD_CLOEXEC";
    default: return NULL;
    }
}

/* ---- arguments -------------------------------------------------------------- */
static void timespec_of(struct out *o, uint64_t cage, uint64_t addr) {
    int64_t ts[2];
    if (addr == 0 || lind_grate_read(cage, addr, ts, sizeof ts) != 0) {
        pointer(o, addr);
        return;
    }
    printf_(o, "{tv_sec=%lld, tv_nsec=%lld}", (long long)ts[0], (long long)ts[1]);
}

static void wait_status(struct out *o, uint64_t cage, uint64_t addr) {
    int32_t st;
    if (addr == 0 || lind_grate_read(cage, addr, &st, sizeof st) != 0) {
        pointer(o, addr);
        return;
    }
    if ((st & 0x7f) == 0) {
        printf_(o, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", (st >> 8) & 0xff);
    } else if (((st & 0x7f) + 1) >> 1 > 0 && (st & 0xff) != 0x7f) {
        puts_(o, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
        signal_of(o, (uint64_t)(st & 0x7f));
        puts_(o, (st & 0x80) ? " && WCOREDUMP(s)}]" : "}]");
    } else {
        printf_(o, "[%#x]", (unsigned)st);
    }
}

/* An array of wasm32 pointers (4 bytes each), NULL-terminated. */
static int array_count(uint64_t cage, uint64_t addr, int max) {
    int n = 0;
    uint32_t p;
    while (n < max && lind_grate_read(cage, addr + 4 * (uint64_t)n, &p, 4) == 0 && p != 0) n++;
    return n;
}

static void argv_of(struct out *o, uint64_t cage, uint64_t addr) {
    if (addr == 0) {
        puts_(o, "NULL");
        return;
    }
    puts_(o, "[");
    for (int i = 0;; i++) {
        uint32_t p;
        if (lind_grate_read(cage, addr + 4 * (uint64_t)i, &p, 4) != 0 || p == 0) break;
        if (i) puts_(o, ", ");
        if (i == MAXARGV) {
            puts_(o, "...");
            break;
        }
        cstring(o, cage, p, STRSIZE);
    }
    puts_(o, "]");
}

/* iovecs cross in their wasm32 layout: {u32 base, u32 len}. limit is the
 * data there is to show (readv: the result), or -1 for all of it. */
static void iovec_of(struct out *o, uint64_t cage, uint64_t addr, uint64_t count, int64_t limit) {
    if (addr == 0 || count == 0) {
        if (addr == 0) puts_(o, "NULL");
        else puts_(o, "[]");
        return;
    }
    puts_(o, "[");
    for (uint64_t i = 0; i < count; i++) {
        uint32_t iov[2];
        if (i) puts_(o, ", ");
        if (i == MAXIOV) {
            puts_(o, "...");
            break;
        }
        if (lind_grate_read(cage, addr + 8 * i, iov, sizeof iov) != 0) {
            pointer(o, addr + 8 * i);
            break;
        }
        uint64_t shown = iov[1];
        if (limit >= 0) {
            shown = (uint64_t)limit < shown ? (uint64_t)limit : shown;
            limit -= (int64_t)shown;
        }
        puts_(o, "{iov_base=");
        data(o, cage, iov[0], shown);
        printf_(o, ", iov_len=%u}", iov[1]);
    }
    puts_(o, "]");
}

/* ---- processes: pids and the strace -f prefix ------------------------------
 * A line gets "[pid N] " when more than one traced process is alive as the
 * call is made, as with strace -f (N: the calling cage's id). A process
 * counts from its first traced call (or its parent's fork returning) until
 * its exit_group/exit. */
#define MAXCAGES 256
static uint64_t live[MAXCAGES];
static int nlive;
static uint64_t silent_cage; /* the child before its exec: not traced */

static int is_live(uint64_t cage) {
    for (int i = 0; i < nlive; i++)
        if (live[i] == cage) return 1;
    return 0;
}
static void add_live(uint64_t cage) {
    if (!is_live(cage) && nlive < MAXCAGES) live[nlive++] = cage;
}
static void drop_live(uint64_t cage) {
    for (int i = 0; i < nlive; i++)
        if (live[i] == cage) {
            live[i] = live[--nlive];
            return;
        }
}

/* ---- results ---------------------------------------------------------------- */
/* -errno in this library's numbering: wasi-libc's up to 76 (and
 * ENOTCAPABLE), 1000 + the Linux number above that. */
static int is_error(int r) { return r < 0 && r >= -5095; }

static void result(struct out *o, const struct sc *s, const uint64_t *a, int r) {
    if (is_error(r)) {
        const struct errname *e = errname_of(-r);
        if (e && strncmp(e->name, "ERESTART", 8) == 0) {
            printf_(o, " = ? %s (%s)", e->name, e->message);
        } else if (e) {
            printf_(o, " = -1 %s (%s)", e->name, e->message);
        } else if (-r > 1000) {
            printf_(o, " = -1 E%d (Unknown error %d)", -r - 1000, -r - 1000);
        } else {
            printf_(o, " = -1 E? (errno %d in the grate's numbering)", -r);
        }
        return;
    }
    switch (s ? s->ret : 'd') {
    case 'x': printf_(o, " = %#x", (unsigned)r); break;
    case 'o': printf_(o, " = %#o", (unsigned)r); break;
    default: printf_(o, " = %d", r);
    }
    if (s && s->nr == NR_FCNTL) {
        if ((int)a[1] == 3) {
            puts_(o, " (flags ");
            open_flags_of(o, (uint64_t)(unsigned)r);
            puts_(o, ")");
        } else if ((int)a[1] == 1) {
            puts_(o, r & 1 ? " (flags FD_CLOEXEC)" : "");
        }
    }
}

/* ---- formatting one call ----------------------------------------------------- */
static void args_of(struct out *o, const struct sc *s, const uint64_t *a, const uint64_t *c, int r, int done) {
    const char *k = s->args;
    int ok = done && !is_error(r);
    if (s->nr == NR_CLONE) {
        puts_(o, "child_stack=");
        pointer(o, a[1]);
        puts_(o, ", flags=");
        uint64_t f = a[0];
        int sig = (int)(f & 0xff);
        f &= ~(uint64_t)0xff;
        if (f) FLAGS(o, f, clone_flags, NULL);
        if (sig) {
            if (f) puts_(o, "|");
            signal_of(o, (uint64_t)sig);
        } else if (!f) {
            puts_(o, "0");
        }
        if (a[0] & 0x100000) {
            puts_(o, ", parent_tid=");
            pointer(o, a[2]);
        }
        if (a[0] & 0x1200000) {
            puts_(o, ", child_tidptr=");
            pointer(o, a[3]);
        }
        if (a[0] & 0x80000) printf_(o, ", tls=%#llx", (unsigned long long)a[4]);
        return;
    }
    for (int i = 0; k[i] && i < 6; i++) {
        uint64_t v = a[i], cage = c[i];
        if (k[i] == 'm' && (s->nr == NR_OPEN || s->nr == NR_OPENAT) && !(a[i - 1] & (0100 | 020000000))) break;
        if (k[i] == 'X') {
            int cmd = (int)a[1];
            if (cmd == 1 || cmd == 3 || cmd == 9) break; /* no argument */
        }
        if (i) puts_(o, ", ");
        switch (k[i]) {
        case 'd': printf_(o, "%d", (int)v); break;
        case 'u': printf_(o, "%llu", (unsigned long long)v); break;
        case 'l': printf_(o, "%lld", (long long)v); break;
        case 'x': printf_(o, "%#llx", (unsigned long long)v); break;
        case 'p': pointer(o, v); break;
        case 's': cstring(o, cage, v, PATHSIZE); break;
        case 'W': data(o, cage, v, a[i + 1]); break;
        case 'R':
            if (ok) data(o, cage, v, (uint64_t)r);
            else pointer(o, v);
            break;
        case 'Z':
            if (ok) cstring(o, cage, v, PATHSIZE);
            else pointer(o, v);
            break;
        case 'v': iovec_of(o, cage, v, a[i + 1], -1); break;
        case 'y':
            if (ok) iovec_of(o, cage, v, a[i + 1], r);
            else pointer(o, v);
            break;
        case 'D':
            if ((int)v == -100) puts_(o, "AT_FDCWD");
            else printf_(o, "%d", (int)v);
            break;
        case 'O': open_flags_of(o, v); break;
        case 'm': printf_(o, "%#03o", (unsigned)v); break;
        case 'a': FLAGS(o, v, access_flags, "F_OK"); break;
        case 'P': FLAGS(o, v, prot_flags, "PROT_NONE"); break;
        case 'M': map_flags_of(o, v); break;
        case 'w': {
            static const char *w[] = {"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"};
            if (v < 5) puts_(o, w[v]);
            else printf_(o, "%d", (int)v);
            break;
        }
        case 'A':
            if (s->nr == NR_UNLINKAT && (v & 0x200)) {
                puts_(o, "AT_REMOVEDIR");
                if (v & ~(uint64_t)0x200) puts_(o, "|"), FLAGS(o, v & ~(uint64_t)0x200, at_flags, NULL);
            } else if (s->nr == NR_FACCESSAT && (v & 0x200)) {
                puts_(o, "AT_EACCESS");
                if (v & ~(uint64_t)0x200) puts_(o, "|"), FLAGS(o, v & ~(uint64_t)0x200, at_flags, NULL);
            } else {
                FLAGS(o, v, at_flags, NULL);
            }
            break;
        case 'g': signal_of(o, v); break;
        case 'h': {
            static const char *h[] = {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"};
            if (v < 3) puts_(o, h[v]);
            else printf_(o, "%d", (int)v);
            break;
        }
        case 'k':
            if (v < 8) puts_(o, clocks[v]);
            else printf_(o, "%d", (int)v);
            break;
        case 'T': timespec_of(o, cage, v); break;
        case 'V':
            if (ok && r > 0) wait_status(o, cage, v);
            else pointer(o, v);
            break;
        case 'n': FLAGS(o, v, wait_flags, NULL); break;
        case 'i': {
            int32_t fds[2];
            if (ok && v && lind_grate_read(cage, v, fds, sizeof fds) == 0) printf_(o, "[%d, %d]", fds[0], fds[1]);
            else pointer(o, v);
            break;
        }
        case 'L': FLAGS(o, v, flock_flags, NULL); break;
        case 'c': {
            const char *n = fcntl_cmd(v);
            if (n) puts_(o, n);
            else printf_(o, "%#x", (unsigned)v);
            break;
        }
        case 'X': {
            int cmd = (int)a[1];
            if (cmd == 2) {
                if (v == 1) puts_(o, "FD_CLOEXEC");
                else printf_(o, "%d", (int)v);
            } else if (cmd == 4) {
                open_flags_of(o, v);
            } else if (cmd >= 5 && cmd <= 7) {
                pointer(o, v);
            } else {
                printf_(o, "%d", (int)v);
            }
            break;
        }
        case 'e': argv_of(o, cage, v); break;
        case 'E':
            if (v == 0) puts_(o, "NULL");
            else printf_(o, "[/* %d vars */]", array_count(cage, v, 1 << 16));
            break;
        default: printf_(o, "%#llx", (unsigned long long)v);
        }
    }
}

static void begin(struct out *o, const struct sc *s, int nr, uint64_t cage, int prefixed) {
    if (prefixed) printf_(o, "[pid %llu] ", (unsigned long long)cage);
    if (s) puts_(o, s->name);
    else printf_(o, "syscall_%d", nr);
    puts_(o, "(");
}

static int trace(int nr, uint64_t grate, const uint64_t *a, const uint64_t *c) {
    uint64_t cage = c[0];
    /* The call as arrays (one trace for every number): LIND_GRATE_FORWARD needs a handler's parameters. */
#define FORWARD() lind_grate_forward((uint64_t)nr, grate, a[0], c[0], a[1], c[1], a[2], c[2], a[3], c[3], a[4], c[4], a[5], c[5])
    if (silent_cage && cage == silent_cage && nr != NR_EXECVE) return FORWARD();

    const struct sc *s = call_of(nr);
    if (s && hidden[s - calls]) {
        if (nr == NR_EXIT || nr == NR_EXIT_GROUP) drop_live(cage);
        else add_live(cage);
        int r = FORWARD();
        if (nr == NR_EXECVE && r == 0 && cage == silent_cage) silent_cage = 0;
        if (nr == NR_CLONE && r > 0 && !(a[0] & 0x10000)) add_live((uint64_t)r);
        return r;
    }
    static const struct sc raw = {-1, NULL, "xxxxxx", 'd'};
    const struct sc *f = s ? s : &raw;
    if (!(silent_cage && cage == silent_cage)) add_live(cage);
    int prefixed = nlive > 1;

    char mem[8192];
    struct out o = {mem, 0, sizeof mem - 1};
    begin(&o, s, nr, cage, prefixed);

    if (nr == NR_EXIT || nr == NR_EXIT_GROUP) {
        /* No return: print first. */
        args_of(&o, f, a, c, 0, 0);
        printf_(&o, ") = ?\n");
        if (prefixed) printf_(&o, "[pid %llu] ", (unsigned long long)cage);
        printf_(&o, "+++ exited with %d +++\n", (int)a[0] & 0xff);
        if (!(silent_cage && cage == silent_cage)) emit(&o);
        drop_live(cage);
        return FORWARD();
    }
    if (nr == NR_EXECVE) {
        /* A successful exec replaces the caller's memory: read first. */
        args_of(&o, f, a, c, 0, 0);
        puts_(&o, ")");
        int r = FORWARD();
        if (r == 0 && cage == silent_cage) {
            silent_cage = 0;
            add_live(cage);
        }
        result(&o, f, a, r);
        puts_(&o, "\n");
        emit(&o);
        return r;
    }

    int r = FORWARD();
    args_of(&o, f, a, c, r, 1);
    puts_(&o, ")");
    result(&o, f, a, r);
    puts_(&o, "\n");
    emit(&o);
    if (nr == NR_CLONE && r > 0 && !(a[0] & 0x10000)) add_live((uint64_t)r);
    return r;
#undef FORWARD
}

/* ---- one handler per call number -------------------------------------------- */
#define HANDLER(n)                                                                                      \
    LIND_GRATE_HANDLER(h_##n) {                                                                       \
        const uint64_t a[6] = {a1, a2, a3, a4, a5, a6};                                               \
        const uint64_t c[6] = {a1cage, a2cage, a3cage, a4cage, a5cage, a6cage};                        \
        return trace(n, grate, a, c);                                                                 \
    }
#define CALL_NUMBERS(X)                                                                                  \
    X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(16) X(17) X(18)   \
    X(19) X(20) X(21) X(22) X(23) X(24) X(32) X(33) X(34) X(35) X(36) X(37) X(38) X(39) X(56) X(57)     \
    X(59) X(60) X(61) X(62) X(63) X(72) X(73) X(74) X(75) X(76) X(77) X(79) X(80) X(81) X(82) X(83)     \
    X(84) X(85) X(86) X(87) X(88) X(89) X(90) X(91) X(92) X(93) X(94) X(95) X(96) X(98) X(102) X(104)   \
    X(107) X(108) X(109) X(110) X(112) X(121) X(124) X(127) X(130) X(133) X(137) X(138) X(200) X(202)  \
    X(217) X(221) X(228) X(229) X(230) X(231) X(234) X(257) X(258) X(259) X(260) X(262) X(263) X(264)  \
    X(265) X(266) X(267) X(268) X(269) X(280) X(285) X(292) X(293) X(295) X(296) X(302) X(316) X(318)  \
    X(2001) X(2002) X(2003) X(2004)
CALL_NUMBERS(HANDLER)

static const struct {
    int nr;
    lind_grate_handler fn;
} handlers[] = {
#define ENTRY(n) {n, h_##n},
    CALL_NUMBERS(ENTRY)
#undef ENTRY
};

static int preexec(uint64_t child, void *arg) {
    (void)arg;
    silent_cage = child;
    return 0;
}

static void usage(void) {
    fprintf(stderr, "usage: strace-grate [-o FILE] [-e trace=[!]NAME[,NAME...]] PROGRAM [ARGS...]\n");
}

/* "trace=a,b" shows only a and b; "trace=!a,b" all but them. */
static int trace_filter(const char *spec) {
    if (strncmp(spec, "trace=", 6) != 0) return -1;
    spec += 6;
    int negate = *spec == '!';
    if (negate) spec++;
    for (int k = 0; k < NCALLS; k++) hidden[k] = !negate;
    while (*spec) {
        size_t n = strcspn(spec, ",");
        int found = 0;
        for (int k = 0; k < NCALLS; k++)
            if (strlen(calls[k].name) == n && strncmp(calls[k].name, spec, n) == 0) {
                hidden[k] = negate;
                found = 1;
            }
        if (!found) {
            fprintf(stderr, "strace-grate: invalid system call '%.*s'\n", (int)n, spec);
            return -1;
        }
        spec += n;
        if (*spec == ',') spec++;
    }
    return 0;
}

int main(int argc, char **argv) {
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out_fd = open(argv[i + 1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (out_fd < 0) {
                fprintf(stderr, "strace-grate: %s: %s\n", argv[i + 1], strerror(errno));
                return 1;
            }
            i += 2;
        } else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) {
            if (trace_filter(argv[i + 1]) != 0) {
                usage();
                return 2;
            }
            i += 2;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            usage();
            return 2;
        }
    }
    if (i >= argc) {
        usage();
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    for (size_t k = 0; k < sizeof handlers / sizeof handlers[0]; k++) {
        if (!call_of(handlers[k].nr)) {
            fprintf(stderr, "strace-grate: no entry for call %d\n", handlers[k].nr);
            return 1;
        }
        lind_grate_register(&g, (uint64_t)handlers[k].nr, handlers[k].fn);
    }
    lind_grate_preexec(&g, preexec, NULL);
    return lind_grate_run(&g, &argv[i]);
}
