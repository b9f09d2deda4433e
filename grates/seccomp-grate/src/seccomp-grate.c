/* seccomp-grate: a syscall allow/deny list for the program it runs (and
 * every descendant of it), read from a policy file:
 *   seccomp-grate POLICY PROGRAM [ARGS...]
 * Calls the policy denies fail with EPERM; allowed calls are not trapped at
 * all (they go to the grate above, or the runtime). The policy format is
 * described in README.md. A malformed policy stops the grate before the
 * program runs, with "POLICY:LINE: reason" on stderr and exit status 1. */
#include <lind_grate.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Numbers 0..SECCOMP_MAX_NR are subject to the policy (as the peer's). */
#define SECCOMP_MAX_NR 333

struct sysname {
    const char *name;
    int nr;
};

/* Names accepted after "SYS_" (or bare). The peer's names first (Lind
 * spellings), then the Linux names lind-boot serves. */
static const struct sysname names[] = {
    {"read", 0}, {"write", 1}, {"open", 2}, {"close", 3}, {"stat", 4}, {"xstat", 4},
    {"fstat", 5}, {"fxstat", 5}, {"lstat", 6}, {"lxstat", 6}, {"poll", 7}, {"lseek", 8},
    {"mmap", 9}, {"mprotect", 10}, {"munmap", 11}, {"brk", 12}, {"sigaction", 13},
    {"rt_sigaction", 13}, {"sigprocmask", 14}, {"rt_sigprocmask", 14}, {"ioctl", 16},
    {"pread", 17}, {"pread64", 17}, {"pwrite", 18}, {"pwrite64", 18}, {"readv", 19},
    {"writev", 20}, {"access", 21}, {"pipe", 22}, {"select", 23}, {"sched_yield", 24},
    {"mremap", 25}, {"msync", 26}, {"madvise", 28}, {"shmget", 29}, {"shmat", 30},
    {"shmctl", 31}, {"dup", 32}, {"dup2", 33}, {"pause", 34}, {"nanosleep", 35},
    {"getitimer", 36}, {"alarm", 37}, {"setitimer", 38}, {"getpid", 39}, {"sendfile", 40},
    {"socket", 41}, {"connect", 42}, {"accept", 43}, {"sendto", 44}, {"recvfrom", 45},
    {"sendmsg", 46}, {"recvmsg", 47}, {"shutdown", 48}, {"bind", 49}, {"listen", 50},
    {"getsockname", 51}, {"getpeername", 52}, {"socketpair", 53}, {"setsockopt", 54},
    {"getsockopt", 55}, {"fork", 56}, {"clone", 56}, {"vfork", 58}, {"exec", 59},
    {"execve", 59}, {"exit", 60}, {"waitpid", 61}, {"wait", 61}, {"wait4", 61}, {"kill", 62},
    {"uname", 63}, {"shmdt", 67}, {"fcntl", 72}, {"flock", 73}, {"fsync", 74},
    {"fdatasync", 75}, {"truncate", 76}, {"ftruncate", 77}, {"getdents", 78},
    {"getcwd", 79}, {"chdir", 80}, {"fchdir", 81}, {"rename", 82}, {"mkdir", 83},
    {"rmdir", 84}, {"creat", 85}, {"link", 86}, {"unlink", 87}, {"symlink", 88},
    {"readlink", 89}, {"chmod", 90}, {"fchmod", 91}, {"chown", 92}, {"fchown", 93},
    {"lchown", 94}, {"umask", 95}, {"gettimeofday", 96}, {"getrlimit", 97},
    {"getrusage", 98}, {"getuid", 102}, {"getgid", 104}, {"setuid", 105}, {"setgid", 106},
    {"geteuid", 107}, {"getegid", 108}, {"setpgid", 109}, {"getppid", 110},
    {"getpgrp", 111}, {"setsid", 112}, {"getpgid", 121}, {"getsid", 124},
    {"sigpending", 127}, {"rt_sigpending", 127}, {"sigsuspend", 130},
    {"rt_sigsuspend", 130}, {"mknod", 133}, {"statfs", 137}, {"fstatfs", 138},
    {"setrlimit", 160}, {"chroot", 161}, {"sync", 162}, {"gethostname", 170},
    {"setxattr", 188}, {"getxattr", 191}, {"listxattr", 194}, {"tkill", 200},
    {"futex", 202}, {"epoll_create", 213}, {"getdents64", 217}, {"fadvise64", 221},
    {"clock_gettime", 228}, {"clock_getres", 229}, {"clock_nanosleep", 230},
    {"exit_group", 231}, {"epoll_wait", 232}, {"epoll_ctl", 233}, {"tgkill", 234},
    {"openat", 257}, {"mkdirat", 258}, {"mknodat", 259}, {"fchownat", 260},
    {"newfstatat", 262}, {"unlinkat", 263}, {"renameat", 264}, {"linkat", 265},
    {"symlinkat", 266}, {"readlinkat", 267}, {"fchmodat", 268}, {"faccessat", 269},
    {"pselect6", 270}, {"ppoll", 271}, {"sync_file_range", 277}, {"utimensat", 280},
    {"epoll_pwait", 281}, {"fallocate", 285}, {"accept4", 288}, {"epoll_create1", 291},
    {"dup3", 292}, {"pipe2", 293}, {"preadv", 295}, {"pwritev", 296}, {"prlimit64", 302},
    {"renameat2", 316}, {"getrandom", 318}, {"statx", 332},
};

static int lookup(const char *word) {
    const char *n = word;
    if (strncmp(n, "SYS_", 4) == 0) n += 4;
    if (*n == 0) return -1;
    if (isdigit((unsigned char)*n)) { /* SYS_59 or 59 */
        char *end;
        long v = strtol(n, &end, 10);
        return (*end == 0 && v >= 0 && v <= SECCOMP_MAX_NR) ? (int)v : -1;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, n) == 0) return names[i].nr;
    return -1;
}

enum { NONE, WHITE, BLACK, DEFAULT };

static unsigned char listed[SECCOMP_MAX_NR + 1]; /* 0, WHITE or BLACK */
static int default_list = BLACK;                 /* no [default]: blacklist */

static int fail(const char *path, int line, const char *fmt, const char *word) {
    fprintf(stderr, "seccomp-grate: %s:%d: ", path, line);
    fprintf(stderr, fmt, word);
    fputc('\n', stderr);
    return -1;
}

/* 0, or -1 after reporting the first error. */
static int load_policy(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "seccomp-grate: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char buf[512];
    int line = 0, section = NONE, have_default = 0, r = 0;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n' && !feof(f)) {
            r = fail(path, line, "line too long%s", "");
            break;
        }
        char *s = buf, *e = buf + len;
        while (*s && isspace((unsigned char)*s)) s++;
        while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
        if (*s == 0 || *s == '#' || *s == ';') continue;
        if (*s == '[') {
            if (e[-1] != ']' || e - s < 3) {
                r = fail(path, line, "malformed section header \"%s\"", s);
                break;
            }
            if (strcmp(s, "[whitelist]") == 0) section = WHITE;
            else if (strcmp(s, "[blacklist]") == 0) section = BLACK;
            else if (strcmp(s, "[default]") == 0) section = DEFAULT;
            else {
                r = fail(path, line, "unknown section %s", s);
                break;
            }
            continue;
        }
        if (section == NONE) {
            r = fail(path, line, "entry \"%s\" before any section", s);
            break;
        }
        if (section == DEFAULT) {
            if (have_default) {
                r = fail(path, line, "second default \"%s\"", s);
                break;
            }
            if (strcmp(s, "whitelist") == 0) default_list = WHITE;
            else if (strcmp(s, "blacklist") == 0) default_list = BLACK;
            else {
                r = fail(path, line, "invalid default \"%s\" (whitelist or blacklist)", s);
                break;
            }
            have_default = 1;
            continue;
        }
        int nr = lookup(s);
        if (nr < 0) {
            r = fail(path, line, "unknown syscall \"%s\"", s);
            break;
        }
        if (listed[nr]) {
            r = fail(path, line, "duplicate syscall \"%s\"", s);
            break;
        }
        listed[nr] = (unsigned char)section;
    }
    if (r == 0 && ferror(f)) {
        fprintf(stderr, "seccomp-grate: %s: read error\n", path);
        r = -1;
    }
    fclose(f);
    return r;
}

LIND_GRATE_HANDLER(deny) {
    LIND_GRATE_UNUSED_ARGS;
    return -EPERM;
}

/* Registers deny for every denied number directly (there may be more than
 * the library's LIND_GRATE_MAX_HANDLERS). */
static int register_denials(uint64_t child, void *arg) {
    (void)arg;
    uint64_t me = (uint64_t)getpid();
    for (int nr = 0; nr <= SECCOMP_MAX_NR; nr++) {
        int list = listed[nr] ? listed[nr] : default_list;
        if (list != BLACK) continue;
        int r = register_handler(child, (uint64_t)nr, me, (uint64_t)(uintptr_t)deny);
        if (r != 0) {
            fprintf(stderr, "seccomp-grate: register_handler(%d): %s\n", nr, strerror(-r));
            return r;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: seccomp-grate POLICY PROGRAM [ARGS...]\n");
        return 2;
    }
    if (load_policy(argv[1]) != 0) return 1;
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_preexec(&g, register_denials, NULL);
    return lind_grate_run(&g, &argv[2]);
}
