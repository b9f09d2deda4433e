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
 * Sockets (wasm32 layouts, Linux values; see "Sockets" below):
 *   F address family     t socket type       r protocol (by family)
 *   S sockaddr in, its length the next argument
 *   Q sockaddr out, its socklen_t pointer next    q socklen_t pointer
 *   f MSG_* flags        K SOCK_* flags (accept4)  H shutdown how
 *   b socket level       o option name (by level)
 *   G option value in, length next    J option value out, length pointer next
 *   j struct msghdr in (sendmsg)      z struct msghdr out (recvmsg)
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
    {41, "socket", "Ftr", 'd'},
    {42, "connect", "dSu", 'd'},
    {43, "accept", "dQq", 'd'},
    {44, "sendto", "dWufSu", 'd'},
    {45, "recvfrom", "dRufQq", 'd'},
    {46, "sendmsg", "djf", 'd'},
    {47, "recvmsg", "dzf", 'd'},
    {48, "shutdown", "dH", 'd'},
    {49, "bind", "dSu", 'd'},
    {50, "listen", "dd", 'd'},
    {51, "getsockname", "dQq", 'd'},
    {52, "getpeername", "dQq", 'd'},
    {53, "socketpair", "Ftri", 'd'},
    {54, "setsockopt", "dboGu", 'd'},
    {55, "getsockopt", "dboJq", 'd'},
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
    {288, "accept4", "dQqK", 'd'},
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

/* ---- sockets -----------------------------------------------------------------
 * The shim passes Linux's values and Linux's sockaddr layouts unchanged;
 * struct msghdr and struct cmsghdr cross in their wasm32 layouts (pointers
 * and lengths are u32). Every length the cage gives is clamped before use. */
#define SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage): the most shown */
#define CONTROL_MAX 4096 /* control data walked per msghdr */
#define MAXCMSG 16       /* control messages shown */
#define MAXFDS 16        /* SCM_RIGHTS fds shown */

/* Values that the cage's call carried before it was forwarded: a
 * socklen_t behind a pointer, a recvmsg msghdr's name and control
 * lengths. Out arguments print as [before => after]. */
struct pre {
    int has_len;
    uint32_t len;
    int has_msg;
    uint32_t namelen;
};

static const char *const families[] = {
    "AF_UNSPEC", "AF_UNIX",    "AF_INET",   "AF_AX25",    "AF_IPX",     "AF_APPLETALK", "AF_NETROM",
    "AF_BRIDGE", "AF_ATMPVC",  "AF_X25",    "AF_INET6",   "AF_ROSE",    "AF_DECnet",    "AF_NETBEUI",
    "AF_SECURITY", "AF_KEY",   "AF_NETLINK", "AF_PACKET", "AF_ASH",     "AF_ECONET",    "AF_ATMSVC",
    "AF_RDS",    "AF_SNA",     "AF_IRDA",   "AF_PPPOX",   "AF_WANPIPE", "AF_LLC",       "AF_IB",
    "AF_MPLS",   "AF_CAN",     "AF_TIPC",   "AF_BLUETOOTH", "AF_IUCV",  "AF_RXRPC",     "AF_ISDN",
    "AF_PHONET", "AF_IEEE802154", "AF_CAIF", "AF_ALG",    "AF_NFC",     "AF_VSOCK",     "AF_KCM",
    "AF_QIPCRTR", "AF_SMC",    "AF_XDP",    "AF_MCTP",
};
#define AF_UNIX_ 1
#define AF_INET_ 2
#define AF_INET6_ 10

static void family_of(struct out *o, uint64_t v) {
    if (v < sizeof families / sizeof families[0]) puts_(o, families[v]);
    else printf_(o, "%#x /* AF_??? */", (unsigned)v);
}

static const char *const sock_types[] = {
    NULL, "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET", "SOCK_DCCP",
    NULL, NULL, NULL, "SOCK_PACKET",
};
static const struct flag sock_flags[] = {{02000000, "SOCK_CLOEXEC"}, {04000, "SOCK_NONBLOCK"}};

/* SOCK_STREAM|SOCK_CLOEXEC|...; an unknown type comes last, in hex. */
static void sock_type_of(struct out *o, uint64_t v) {
    uint64_t type = v & 0xf, rest = v & ~(uint64_t)0xf;
    const char *name = type < sizeof sock_types / sizeof sock_types[0] ? sock_types[type] : NULL;
    if (name) {
        puts_(o, name);
        if (rest) puts_(o, "|"), FLAGS(o, rest, sock_flags, NULL);
    } else if (rest) {
        FLAGS(o, rest, sock_flags, NULL);
        if (type) printf_(o, "|%#x", (unsigned)type);
    } else {
        printf_(o, "%#x /* SOCK_??? */", (unsigned)type);
    }
}

static const char *ip_proto(uint64_t v) {
    switch (v) {
    case 0: return "IPPROTO_IP";
    case 1: return "IPPROTO_ICMP";
    case 2: return "IPPROTO_IGMP";
    case 6: return "IPPROTO_TCP";
    case 17: return "IPPROTO_UDP";
    case 41: return "IPPROTO_IPV6";
    case 58: return "IPPROTO_ICMPV6";
    case 132: return "IPPROTO_SCTP";
    case 136: return "IPPROTO_UDPLITE";
    case 255: return "IPPROTO_RAW";
    default: return NULL;
    }
}

static const struct flag msg_flags[] = {
    {0x1, "MSG_OOB"},          {0x2, "MSG_PEEK"},          {0x4, "MSG_DONTROUTE"},
    {0x8, "MSG_CTRUNC"},       {0x10, "MSG_PROXY"},        {0x20, "MSG_TRUNC"},
    {0x40, "MSG_DONTWAIT"},    {0x80, "MSG_EOR"},          {0x100, "MSG_WAITALL"},
    {0x200, "MSG_FIN"},        {0x400, "MSG_SYN"},         {0x800, "MSG_CONFIRM"},
    {0x1000, "MSG_RST"},       {0x2000, "MSG_ERRQUEUE"},   {0x4000, "MSG_NOSIGNAL"},
    {0x8000, "MSG_MORE"},      {0x10000, "MSG_WAITFORONE"}, {0x40000, "MSG_BATCH"},
    {0x4000000, "MSG_ZEROCOPY"}, {0x20000000, "MSG_FASTOPEN"}, {0x40000000, "MSG_CMSG_CLOEXEC"},
    {0x80000000, "MSG_CMSG_COMPAT"},
};

static void level_of(struct out *o, uint64_t v) {
    switch ((int)v) {
    case 0: puts_(o, "SOL_IP"); break;
    case 1: puts_(o, "SOL_SOCKET"); break;
    case 6: puts_(o, "SOL_TCP"); break;
    case 17: puts_(o, "SOL_UDP"); break;
    case 41: puts_(o, "SOL_IPV6"); break;
    case 255: puts_(o, "SOL_RAW"); break;
    default: printf_(o, "%#x /* SOL_?? */", (unsigned)v);
    }
}

/* SOL_SOCKET option names, Linux x86-64 (asm-generic) numbering; 20/21
 * are the 32-bit-time timeouts that <sys/socket.h> calls SO_RCVTIMEO. */
static const char *const so_names[] = {
    NULL, "SO_DEBUG", "SO_REUSEADDR", "SO_TYPE", "SO_ERROR", "SO_DONTROUTE", "SO_BROADCAST",
    "SO_SNDBUF", "SO_RCVBUF", "SO_KEEPALIVE", "SO_OOBINLINE", "SO_NO_CHECK", "SO_PRIORITY",
    "SO_LINGER", "SO_BSDCOMPAT", "SO_REUSEPORT", "SO_PASSCRED", "SO_PEERCRED", "SO_RCVLOWAT",
    "SO_SNDLOWAT", "SO_RCVTIMEO_OLD", "SO_SNDTIMEO_OLD", "SO_SECURITY_AUTHENTICATION",
    "SO_SECURITY_ENCRYPTION_TRANSPORT", "SO_SECURITY_ENCRYPTION_NETWORK", "SO_BINDTODEVICE",
    "SO_ATTACH_FILTER", "SO_DETACH_FILTER", "SO_PEERNAME", "SO_TIMESTAMP_OLD", "SO_ACCEPTCONN",
    "SO_PEERSEC", "SO_SNDBUFFORCE", "SO_RCVBUFFORCE", "SO_PASSSEC", "SO_TIMESTAMPNS_OLD",
    "SO_MARK", "SO_TIMESTAMPING_OLD", "SO_PROTOCOL", "SO_DOMAIN", "SO_RXQ_OVFL",
    "SO_WIFI_STATUS", "SO_PEEK_OFF", "SO_NOFCS", "SO_LOCK_FILTER", "SO_SELECT_ERR_QUEUE",
    "SO_BUSY_POLL", "SO_MAX_PACING_RATE", "SO_BPF_EXTENSIONS", "SO_INCOMING_CPU",
    "SO_ATTACH_BPF", "SO_ATTACH_REUSEPORT_CBPF", "SO_ATTACH_REUSEPORT_EBPF", "SO_CNX_ADVICE",
    NULL, "SO_MEMINFO", "SO_INCOMING_NAPI_ID", "SO_COOKIE", NULL, "SO_PEERGROUPS",
    "SO_ZEROCOPY", "SO_TXTIME", "SO_BINDTOIFINDEX", "SO_TIMESTAMP_NEW", "SO_TIMESTAMPNS_NEW",
    "SO_TIMESTAMPING_NEW", "SO_RCVTIMEO_NEW", "SO_SNDTIMEO_NEW", "SO_DETACH_REUSEPORT_BPF",
};
static const char *const tcp_names[] = {
    NULL, "TCP_NODELAY", "TCP_MAXSEG", "TCP_CORK", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT",
    "TCP_SYNCNT", "TCP_LINGER2", "TCP_DEFER_ACCEPT", "TCP_WINDOW_CLAMP", "TCP_INFO",
    "TCP_QUICKACK", "TCP_CONGESTION",
};

static void optname_of(struct out *o, uint64_t level, uint64_t v) {
    if ((int)level == 1) {
        if (v < sizeof so_names / sizeof so_names[0] && so_names[v]) puts_(o, so_names[v]);
        else printf_(o, "%#x /* SO_??? */", (unsigned)v);
    } else if ((int)level == 6 && v < sizeof tcp_names / sizeof tcp_names[0] && tcp_names[v]) {
        puts_(o, tcp_names[v]);
    } else {
        printf_(o, "%d", (int)v);
    }
}

/* A u32 of the cage (socklen_t, or a field of a wasm32 struct). */
static int read_u32(uint64_t cage, uint64_t addr, uint32_t *v) {
    return addr == 0 ? -1 : lind_grate_read(cage, addr, v, sizeof *v);
}
static uint16_t be16(const unsigned char *b) { return (uint16_t)(b[0] << 8 | b[1]); }
static uint32_t be32(const unsigned char *b) {
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* IPv6 text, with the longest run (two or more) of zero groups as "::"
 * and a v4-mapped address's last 32 bits as a dotted quad. */
static void ipv6_text(struct out *o, const unsigned char *b) {
    uint16_t g[8];
    for (int i = 0; i < 8; i++) g[i] = be16(b + 2 * i);
    int mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
    int groups = mapped ? 6 : 8;
    int best = -1, bestlen = 1;
    for (int i = 0; i < groups;) {
        int j = i;
        while (j < groups && g[j] == 0) j++;
        if (j - i > bestlen) best = i, bestlen = j - i;
        i = j > i ? j : i + 1;
    }
    for (int i = 0; i < groups; i++) {
        if (i == best) {
            puts_(o, "::");
            i += bestlen - 1;
            continue;
        }
        if (i && i != best + bestlen) puts_(o, ":");
        printf_(o, "%x", g[i]);
    }
    if (mapped) {
        if (best + bestlen != 6) puts_(o, ":");
        printf_(o, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
    }
}

/* A sockaddr of len bytes at addr: NULL, its address when shorter than a
 * family or unreadable, else decoded (AF_UNIX, AF_INET, AF_INET6; others
 * as sa_data). */
static void sockaddr_of(struct out *o, uint64_t cage, uint64_t addr, uint64_t len) {
    unsigned char b[SOCKADDR_MAX];
    size_t n = len < SOCKADDR_MAX ? (size_t)len : SOCKADDR_MAX;
    if (addr == 0) {
        puts_(o, "NULL");
        return;
    }
    if (n < 2 || lind_grate_read(cage, addr, b, n) != 0) {
        pointer(o, addr);
        return;
    }
    uint16_t family = (uint16_t)(b[0] | b[1] << 8);
    puts_(o, "{sa_family=");
    family_of(o, family);
    if (family == AF_UNIX_) {
        size_t plen = n - 2 < 108 ? n - 2 : 108;
        const unsigned char *path = b + 2;
        if (plen > 0 && path[0] == 0) {
            puts_(o, ", sun_path=@");
            quote(o, path + 1, plen - 1, 0); /* an abstract name: every byte counts */
        } else if (plen > 0) {
            size_t k = 0;
            while (k < plen && path[k]) k++;
            puts_(o, ", sun_path=");
            quote(o, path, k, 0);
        }
    } else if (family == AF_INET_ && n >= 16) {
        printf_(o, ", sin_port=htons(%u), sin_addr=inet_addr(\"%u.%u.%u.%u\")", be16(b + 2), b[4], b[5], b[6],
                b[7]);
    } else if (family == AF_INET6_ && n >= 24) {
        printf_(o, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, \"", be16(b + 2),
                be32(b + 4));
        ipv6_text(o, b + 8);
        puts_(o, "\", &sin6_addr)");
        if (n >= 28) {
            uint32_t scope;
            memcpy(&scope, b + 24, 4);
            printf_(o, ", sin6_scope_id=%u", scope);
        }
    } else if (n > 2) {
        size_t dlen = n - 2;
        puts_(o, ", sa_data=");
        quote(o, b + 2, dlen < STRSIZE ? dlen : STRSIZE, dlen > STRSIZE);
    }
    puts_(o, "}");
}

/* A socklen_t pointer: [N], or [before => after] when the call changed it. */
static void socklen_of(struct out *o, uint64_t cage, uint64_t addr, const struct pre *pre, int ok) {
    uint32_t after;
    if (addr == 0) {
        puts_(o, "NULL");
    } else if (!ok || read_u32(cage, addr, &after) != 0) {
        if (pre && pre->has_len) printf_(o, "[%u]", pre->len);
        else pointer(o, addr);
    } else if (pre && pre->has_len && pre->len != after) {
        printf_(o, "[%u => %u]", pre->len, after);
    } else {
        printf_(o, "[%u]", after);
    }
}

/* A sockaddr the call wrote, as long as both the buffer (the length
 * before) and the address (the length after) are. */
static void sockaddr_out(struct out *o, uint64_t cage, uint64_t addr, uint64_t lencage, uint64_t lenp,
                         const struct pre *pre, int ok) {
    uint32_t after;
    if (!ok || addr == 0 || read_u32(lencage, lenp, &after) != 0) {
        pointer(o, addr);
        return;
    }
    if (pre && pre->has_len && pre->len < after) after = pre->len;
    sockaddr_of(o, cage, addr, after);
}

/* Control messages, struct cmsghdr in its wasm32 layout {u32 len; i32
 * level; i32 type} (12 bytes, data aligned to 4). */
static void cmsgs_of(struct out *o, uint64_t cage, uint64_t addr, uint32_t len) {
    if (addr == 0) {
        puts_(o, "NULL");
        return;
    }
    if (len > CONTROL_MAX) len = CONTROL_MAX;
    uint32_t h[3];
    if (len < sizeof h || lind_grate_read(cage, addr, h, sizeof h) != 0) {
        pointer(o, addr);
        return;
    }
    puts_(o, "[");
    uint32_t off = 0;
    for (int k = 0; off + sizeof h <= len; k++) {
        if (k && lind_grate_read(cage, addr + off, h, sizeof h) != 0) break;
        if (k) puts_(o, ", ");
        if (k == MAXCMSG) {
            puts_(o, "...");
            break;
        }
        printf_(o, "{cmsg_len=%u, cmsg_level=", h[0]);
        level_of(o, h[1]);
        puts_(o, ", cmsg_type=");
        uint32_t dlen = h[0] > sizeof h ? h[0] - (uint32_t)sizeof h : 0;
        if (dlen > len - off - sizeof h) dlen = len - off - (uint32_t)sizeof h;
        uint64_t data_at = addr + off + sizeof h;
        if (h[1] == 1 && h[2] == 1) {
            puts_(o, "SCM_RIGHTS, cmsg_data=[");
            for (uint32_t i = 0; i < dlen / 4; i++) {
                int32_t fd;
                if (i) puts_(o, ", ");
                if (i == MAXFDS) {
                    puts_(o, "...");
                    break;
                }
                if (lind_grate_read(cage, data_at + 4 * i, &fd, 4) != 0) break;
                printf_(o, "%d", fd);
            }
            puts_(o, "]}");
        } else if (h[1] == 1 && h[2] == 2 && dlen >= 12) {
            uint32_t cred[3];
            puts_(o, "SCM_CREDENTIALS, cmsg_data=");
            if (lind_grate_read(cage, data_at, cred, sizeof cred) == 0)
                printf_(o, "{pid=%d, uid=%u, gid=%u}}", (int)cred[0], cred[1], cred[2]);
            else
                puts_(o, "...}");
        } else {
            if (h[1] == 1 && h[2] == 3) puts_(o, "SCM_SECURITY");
            else printf_(o, "%#x", h[2]);
            puts_(o, ", cmsg_data=");
            data(o, cage, data_at, dlen);
            puts_(o, "}");
        }
        if (h[0] < sizeof h) break; /* a bad length: no next header */
        uint32_t step = (h[0] + 3) & ~3u;
        if (step > len - off) break;
        off += step;
    }
    puts_(o, "]");
}

/* struct msghdr in its wasm32 layout. */
struct msg32 {
    uint32_t name, namelen, iov;
    int32_t iovlen;
    uint32_t control, controllen;
    int32_t flags;
};

/* sendmsg's msghdr (out == 0), or recvmsg's after the call (out == 1; r
 * is the data received). A failed recvmsg shows only msg_namelen. */
static void msghdr_of(struct out *o, uint64_t cage, uint64_t addr, int out, int r, int ok, const struct pre *pre) {
    struct msg32 m;
    if (addr == 0) {
        puts_(o, "NULL");
        return;
    }
    if (out && !ok) {
        if (pre && pre->has_msg) printf_(o, "{msg_namelen=%u}", pre->namelen);
        else pointer(o, addr);
        return;
    }
    if (lind_grate_read(cage, addr, &m, sizeof m) != 0) {
        pointer(o, addr);
        return;
    }
    uint32_t before = out && pre && pre->has_msg ? pre->namelen : m.namelen;
    puts_(o, "{msg_name=");
    sockaddr_of(o, cage, m.name, m.namelen < before ? m.namelen : before);
    if (before != m.namelen) printf_(o, ", msg_namelen=%u => %u", before, m.namelen);
    else printf_(o, ", msg_namelen=%u", m.namelen);
    puts_(o, ", msg_iov=");
    iovec_of(o, cage, m.iov, m.iovlen < 0 ? 0 : (uint64_t)m.iovlen, out ? r : -1);
    printf_(o, ", msg_iovlen=%d", m.iovlen);
    if (m.controllen) {
        puts_(o, ", msg_control=");
        cmsgs_of(o, cage, m.control, m.controllen);
    }
    printf_(o, ", msg_controllen=%u, msg_flags=", m.controllen);
    FLAGS(o, (uint32_t)m.flags, msg_flags, NULL);
    puts_(o, "}");
}

/* Reads, before the call is forwarded, what an out argument replaces. */
static void snapshot(struct pre *p, const struct sc *s, const uint64_t *a, const uint64_t *c) {
    memset(p, 0, sizeof *p);
    for (int i = 0; s->args[i] && i < 6; i++) {
        if (s->args[i] == 'q') p->has_len = read_u32(c[i], a[i], &p->len) == 0;
        if (s->args[i] == 'z') p->has_msg = a[i] && read_u32(c[i], a[i] + 4, &p->namelen) == 0;
    }
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
static void args_of(struct out *o, const struct sc *s, const uint64_t *a, const uint64_t *c, int r, int done,
                    const struct pre *pre) {
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
        case 'F': family_of(o, v); break;
        case 't': sock_type_of(o, v); break;
        case 'r': {
            const char *n = (a[0] == AF_INET_ || a[0] == AF_INET6_) ? ip_proto(v) : NULL;
            if (n) puts_(o, n);
            else printf_(o, "%d", (int)v);
            break;
        }
        case 'S': sockaddr_of(o, cage, v, (uint32_t)a[i + 1]); break;
        case 'Q': sockaddr_out(o, cage, v, c[i + 1], a[i + 1], pre, ok); break;
        case 'q': socklen_of(o, cage, v, pre, ok); break;
        case 'f': FLAGS(o, (uint32_t)v, msg_flags, NULL); break;
        case 'K': FLAGS(o, (uint32_t)v, sock_flags, NULL); break;
        case 'H': {
            static const char *how[] = {"SHUT_RD", "SHUT_WR", "SHUT_RDWR"};
            if (v < 3) puts_(o, how[v]);
            else printf_(o, "%#x /* SHUT_??? */", (unsigned)v);
            break;
        }
        case 'b': level_of(o, v); break;
        case 'o': optname_of(o, a[1], v); break;
        case 'G': {
            int32_t val;
            if ((uint32_t)a[i + 1] >= 4 && v && lind_grate_read(cage, v, &val, 4) == 0) printf_(o, "[%d]", (int)val);
            else pointer(o, v);
            break;
        }
        case 'J': {
            uint32_t len;
            int32_t val;
            if (!ok || v == 0 || read_u32(c[i + 1], a[i + 1], &len) != 0) pointer(o, v);
            else if (len >= 4 && lind_grate_read(cage, v, &val, 4) == 0) printf_(o, "[%d]", (int)val);
            else data(o, cage, v, len);
            break;
        }
        case 'j': msghdr_of(o, cage, v, 0, r, ok, pre); break;
        case 'z': msghdr_of(o, cage, v, 1, r, ok, pre); break;
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
        args_of(&o, f, a, c, 0, 0, NULL);
        printf_(&o, ") = ?\n");
        if (prefixed) printf_(&o, "[pid %llu] ", (unsigned long long)cage);
        printf_(&o, "+++ exited with %d +++\n", (int)a[0] & 0xff);
        if (!(silent_cage && cage == silent_cage)) emit(&o);
        drop_live(cage);
        return FORWARD();
    }
    if (nr == NR_EXECVE) {
        /* A successful exec replaces the caller's memory: read first. */
        args_of(&o, f, a, c, 0, 0, NULL);
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

    struct pre pre;
    snapshot(&pre, f, a, c);
    int r = FORWARD();
    args_of(&o, f, a, c, r, 1, &pre);
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
    X(2001) X(2002) X(2003) X(2004)                                                                     \
    X(41) X(42) X(43) X(44) X(45) X(46) X(47) X(48) X(49) X(50) X(51) X(52) X(53) X(54) X(55) X(288)
CALL_NUMBERS(HANDLER)

static const struct {
    int nr;
    lind_grate_handler fn;
} handlers[] = {
#define ENTRY(n) {n, h_##n},
    CALL_NUMBERS(ENTRY)
#undef ENTRY
};

#define NHANDLERS ((int)(sizeof handlers / sizeof handlers[0]))

static int preexec(uint64_t child, void *arg) {
    (void)arg;
    silent_cage = child;
    return 0;
}

static void usage(void) {
    fprintf(stderr, "usage: strace-grate [-o FILE] [-e trace=[!]NAME[,NAME...]] PROGRAM [ARGS...]\n");
}

static int is_network(int nr) { return (nr >= 41 && nr <= 55) || nr == 288; }

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
        /* strace's class of the socket calls: %network (or network). */
        int network = (n == 8 && strncmp(spec, "%network", 8) == 0) || (n == 7 && strncmp(spec, "network", 7) == 0);
        for (int k = 0; k < NCALLS; k++)
            if ((network && is_network(calls[k].nr)) ||
                (strlen(calls[k].name) == n && strncmp(calls[k].name, spec, n) == 0)) {
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
    for (int k = 0; k < NHANDLERS; k++) {
        if (!call_of(handlers[k].nr)) {
            fprintf(stderr, "strace-grate: no entry for call %d\n", handlers[k].nr);
            return 1;
        }
        lind_grate_register(&g, (uint64_t)handlers[k].nr, handlers[k].fn);
    }
    lind_grate_preexec(&g, preexec, NULL);
    return lind_grate_run(&g, &argv[i]);
}
