/* Process calls: ids, fork (as clone), exec, wait, kill, uname, brk.
 * fork/exec/wait/kill and the process-group calls are served by the
 * runtime's process support; until it exists they fail with ENOSYS. */
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

pid_t getpid(void) { return (pid_t)__lind_ret(SC0(LIND_SYS_getpid)); }
pid_t getppid(void) { return (pid_t)__lind_ret(SC0(LIND_SYS_getppid)); }
uid_t getuid(void) { return (uid_t)__lind_ret(SC0(LIND_SYS_getuid)); }
uid_t geteuid(void) { return (uid_t)__lind_ret(SC0(LIND_SYS_geteuid)); }
gid_t getgid(void) { return (gid_t)__lind_ret(SC0(LIND_SYS_getgid)); }
gid_t getegid(void) { return (gid_t)__lind_ret(SC0(LIND_SYS_getegid)); }

pid_t getpgid(pid_t pid) { return (pid_t)__lind_ret(SC1(LIND_SYS_getpgid, LA_I(pid))); }
pid_t getpgrp(void) { return getpgid(0); }
int setpgid(pid_t pid, pid_t pgid) {
    return (int)__lind_ret(SC2(LIND_SYS_setpgid, LA_I(pid), LA_I(pgid)));
}
pid_t setpgrp(void) { return setpgid(0, 0); }
pid_t getsid(pid_t pid) { return (pid_t)__lind_ret(SC1(LIND_SYS_getsid, LA_I(pid))); }
pid_t setsid(void) { return (pid_t)__lind_ret(SC0(LIND_SYS_setsid)); }

/* fork is clone (56) with the Linux x86-64 argument order
 * clone(flags, newsp, parent_tid, child_tid, tls): flags = SIGCHLD (the exit
 * signal) and no CLONE_VM, everything else 0. */
pid_t fork(void) {
    return (pid_t)__lind_ret(SC5(LIND_SYS_clone, SIGCHLD, 0, 0, 0, 0));
}
pid_t vfork(void) { return fork(); }

/* argv and envp cross as wasm32 arrays of u32 string offsets ending in 0. */
int execve(const char *path, char *const argv[], char *const envp[]) {
    return (int)__lind_ret(SC3(LIND_SYS_execve, LA_P(path), LA_P(argv), LA_P(envp)));
}

int execv(const char *path, char *const argv[]) {
    return execve(path, argv, environ);
}

int execvpe(const char *file, char *const argv[], char *const envp[]) {
    if (!*file) {
        errno = ENOENT;
        return -1;
    }
    if (strchr(file, '/')) return execve(file, argv, envp);
    const char *path = getenv("PATH");
    if (!path) path = "/bin:/usr/bin";
    size_t flen = strnlen(file, NAME_MAX + 1);
    if (flen > NAME_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int seen_eacces = 0;
    char buf[PATH_MAX];
    for (const char *p = path;; ++p) {
        const char *z = strchr(p, ':');
        if (!z) z = p + strlen(p);
        size_t dlen = (size_t)(z - p);
        if (dlen + 1 + flen + 1 <= sizeof buf) {
            memcpy(buf, p, dlen);
            size_t at = dlen;
            if (dlen) buf[at++] = '/';
            memcpy(buf + at, file, flen + 1);
            execve(buf, argv, envp);
            switch (errno) {
            case EACCES: seen_eacces = 1; break;
            case ENOENT:
            case ENOTDIR: break;
            default: return -1;
            }
        }
        if (!*z) break;
        p = z;
    }
    if (seen_eacces) errno = EACCES;
    return -1;
}

int execvp(const char *file, char *const argv[]) {
    return execvpe(file, argv, environ);
}

/* execl & co.: collect the variadic list into an argv array. */
#define COLLECT_ARGS(first, argv_out, ap_after, extra_envp)            \
    do {                                                                \
        va_list ap;                                                     \
        int n = 1;                                                      \
        va_start(ap, first);                                            \
        while (va_arg(ap, char *)) ++n;                                 \
        va_end(ap);                                                     \
        argv_out = __builtin_alloca((size_t)(n + 1) * sizeof(char *)); \
        va_start(ap, first);                                            \
        argv_out[0] = (char *)first;                                    \
        for (int i = 1; i <= n; ++i) argv_out[i] = va_arg(ap, char *);  \
        if (extra_envp) *(extra_envp) = va_arg(ap, char **);            \
        va_end(ap);                                                     \
    } while (0)

int execl(const char *path, const char *arg, ...) {
    char **argv;
    COLLECT_ARGS(arg, argv, ap, (char ***)0);
    return execve(path, argv, environ);
}

int execlp(const char *file, const char *arg, ...) {
    char **argv;
    COLLECT_ARGS(arg, argv, ap, (char ***)0);
    return execvp(file, argv);
}

int execle(const char *path, const char *arg, ...) {
    char **argv, **envp = 0;
    COLLECT_ARGS(arg, argv, ap, &envp);
    return execve(path, argv, envp);
}

/* The x86-64 kernel's struct rusage (timevals and longs are 64-bit). */
struct kernel_rusage {
    struct __lind_kernel_timeval ru_utime, ru_stime;
    int64_t rest[14];
};

/* The kernel's struct rusage (x86-64: longs are 64-bit) into ours. */
static void from_kernel_rusage(const struct kernel_rusage *kr, struct rusage *ru) {
    ru->ru_utime.tv_sec = kr->ru_utime.tv_sec;
    ru->ru_utime.tv_usec = kr->ru_utime.tv_usec;
    ru->ru_stime.tv_sec = kr->ru_stime.tv_sec;
    ru->ru_stime.tv_usec = kr->ru_stime.tv_usec;
    long *dst = &ru->ru_maxrss;
    for (int i = 0; i < 14; ++i) dst[i] = (long)kr->rest[i];
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru) {
    struct kernel_rusage kr;
    int64_t r = SC4(LIND_SYS_wait4, LA_I(pid), LA_P(status), LA_I(options), LA_P(ru ? &kr : 0));
    if (ru && !__lind_is_err(r)) {
        from_kernel_rusage(&kr, ru);
    }
    return (pid_t)__lind_ret(r);
}

pid_t wait3(int *status, int options, struct rusage *ru) { return wait4(-1, status, options, ru); }
pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, 0); }
pid_t wait(int *status) { return wait4(-1, status, 0, 0); }

int kill(pid_t pid, int sig) {
    return (int)__lind_ret(SC2(LIND_SYS_kill, LA_I(pid), LA_I(sig)));
}

int killpg(pid_t pgrp, int sig) {
    if (pgrp < 0) return (int)__lind_fail(EINVAL);
    return kill(-pgrp, sig);
}

_Static_assert(sizeof(struct utsname) == 6 * 65, "struct utsname");

int uname(struct utsname *u) {
    return (int)__lind_ret(SC1(LIND_SYS_uname, LA_P(u)));
}

/* brk (12) and sbrk. The break is lind-boot's: brk(0) returns it (at first
 * the end of linear memory), brk(addr) moves it, growing linear memory as
 * needed, and returns the new break (the old one if it cannot move).
 * malloc grows its heap with sbrk, so grates see it as brk.
 *
 * The break cannot grow past memory that mmap took after it (rawposix
 * refuses, as Linux does when the heap meets a mapping). sbrk(n > 0) then
 * falls back on growing linear memory itself and returns the start of the
 * new pages: not contiguous with the old break, which malloc handles as a
 * new segment. If the runtime does not serve brk at all (ENOSYS), the break
 * is kept here over memory.grow. */
static uint64_t local_brk, local_end;

static int64_t local_brk_call(uintptr_t addr) {
    uint64_t end = (uint64_t)__builtin_wasm_memory_size(0) * 65536;
    if (end != local_end) { /* first call, or memory grew by other means */
        local_brk = end;
        local_end = end;
    }
    if (addr == 0 || addr <= end) {
        if (addr) local_brk = addr;
        return (int64_t)local_brk;
    }
    uintptr_t pages = (uintptr_t)((addr - end + 65535) / 65536);
    if (__builtin_wasm_memory_grow(0, pages) == (uintptr_t)-1) return (int64_t)local_brk;
    local_end = (uint64_t)__builtin_wasm_memory_size(0) * 65536;
    local_brk = addr;
    return (int64_t)addr;
}

static int64_t brk_call(uintptr_t addr) {
    static int no_syscall;
    if (!no_syscall) {
        int64_t r = SC1(LIND_SYS_brk, LA_P(addr));
        if (r != -38 /* Linux ENOSYS */) return r;
        no_syscall = 1;
    }
    return local_brk_call(addr);
}

int brk(void *addr) {
    int64_t r = brk_call((uintptr_t)addr);
    if (__lind_is_err(r)) return (int)__lind_ret(r);
    if ((uint64_t)r < (uint64_t)(uintptr_t)addr) return (int)__lind_fail(ENOMEM);
    return 0;
}

/* Fresh memory at the end of linear memory (wasi-libc's sbrk, any size). */
static void *grow_fresh(uintptr_t n) {
    uintptr_t pages = (n + 65535) / 65536;
    uintptr_t old = __builtin_wasm_memory_grow(0, pages);
    if (old == (uintptr_t)-1) return (void *)(intptr_t)__lind_fail(ENOMEM);
    return (void *)(old * 65536);
}

void *sbrk(intptr_t inc) {
    int64_t cur = brk_call(0);
    if (__lind_is_err(cur)) return (void *)(intptr_t)__lind_ret(cur);
    if (inc == 0) return (void *)(uintptr_t)cur;
    uint64_t want = (uint64_t)cur + (int64_t)inc;
    if ((inc > 0 && want > 0xffffffffull) || (inc < 0 && (uint64_t)-(int64_t)inc > (uint64_t)cur))
        return (void *)(intptr_t)__lind_fail(ENOMEM);
    int64_t r = brk_call((uintptr_t)want);
    if (!__lind_is_err(r) && (uint64_t)r == want) return (void *)(uintptr_t)cur;
    if (inc > 0) return grow_fresh((uintptr_t)inc);
    return (void *)(intptr_t)__lind_fail(ENOMEM);
}

int getpagesize(void) { return (int)sysconf(_SC_PAGESIZE); }

int sched_yield(void) { return (int)__lind_ret(SC0(LIND_SYS_sched_yield)); }

/* getrusage (98) and prlimit64 (302): Linux numbers, not yet served. */
int getrusage(int who, struct rusage *ru) {
    struct kernel_rusage kr;
    if (!ru) return (int)__lind_fail(EFAULT);
    int64_t r = SC2(LIND_SYS_getrusage, LA_I(who), LA_P(&kr));
    if (!__lind_is_err(r)) {
        from_kernel_rusage(&kr, ru);
    }
    return (int)__lind_ret(r);
}

_Static_assert(sizeof(struct rlimit) == 16, "struct rlimit");

int prlimit(pid_t pid, int res, const struct rlimit *nl, struct rlimit *ol) {
    return (int)__lind_ret(SC4(LIND_SYS_prlimit64, LA_I(pid), LA_I(res), LA_P(nl), LA_P(ol)));
}
int getrlimit(int res, struct rlimit *rl) { return prlimit(0, res, 0, rl); }
int setrlimit(int res, const struct rlimit *rl) { return prlimit(0, res, rl, 0); }
