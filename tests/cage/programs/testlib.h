/* tests/cage/programs/testlib.h — shared helpers for the cage test programs.
 *
 * Every program is built twice (natively with the host's cc and glibc, and
 * for wasm32 with tools/lind-clang and glibc-shim) and the two stdouts are
 * compared byte for byte. So a program prints only what must be identical
 * on both: never pointers, pids, inode or device numbers, absolute times,
 * directory order, host paths, or libc-specific strings (strerror texts
 * differ between glibc and wasi-libc, and errno *numbers* differ too: print
 * errno by NAME with errname()).
 *
 * The CHECK family are GNU statement expressions (gcc and clang both have
 * them): they evaluate the call once, print the call's source text and the
 * result (with the errno name on failure), and yield the result, so
 *     int fd = CHECK(open("f", O_RDONLY));
 * prints `open("f", O_RDONLY) = 3` or `open("f", O_RDONLY) = -1 ENOENT`.
 */
#ifndef CAGE_TESTLIB_H
#define CAGE_TESTLIB_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TL_UNUSED __attribute__((unused))

/* errno value -> its symbolic name; "0" for 0. Aliases (EWOULDBLOCK,
 * ENOTSUP, EDEADLOCK) come after their canonical names so both libcs print
 * the same word. */
static TL_UNUSED const char *errname(int e) {
    static char buf[32];
    if (e == 0) return "0";
#define TL_E(x) if (e == x) return #x;
#ifdef EPERM
    TL_E(EPERM)
#endif
#ifdef ENOENT
    TL_E(ENOENT)
#endif
#ifdef ESRCH
    TL_E(ESRCH)
#endif
#ifdef EINTR
    TL_E(EINTR)
#endif
#ifdef EIO
    TL_E(EIO)
#endif
#ifdef ENXIO
    TL_E(ENXIO)
#endif
#ifdef E2BIG
    TL_E(E2BIG)
#endif
#ifdef ENOEXEC
    TL_E(ENOEXEC)
#endif
#ifdef EBADF
    TL_E(EBADF)
#endif
#ifdef ECHILD
    TL_E(ECHILD)
#endif
#ifdef EAGAIN
    TL_E(EAGAIN)
#endif
#ifdef ENOMEM
    TL_E(ENOMEM)
#endif
#ifdef EACCES
    TL_E(EACCES)
#endif
#ifdef EFAULT
    TL_E(EFAULT)
#endif
#ifdef EBUSY
    TL_E(EBUSY)
#endif
#ifdef EEXIST
    TL_E(EEXIST)
#endif
#ifdef EXDEV
    TL_E(EXDEV)
#endif
#ifdef ENODEV
    TL_E(ENODEV)
#endif
#ifdef ENOTDIR
    TL_E(ENOTDIR)
#endif
#ifdef EISDIR
    TL_E(EISDIR)
#endif
#ifdef EINVAL
    TL_E(EINVAL)
#endif
#ifdef ENFILE
    TL_E(ENFILE)
#endif
#ifdef EMFILE
    TL_E(EMFILE)
#endif
#ifdef ENOTTY
    TL_E(ENOTTY)
#endif
#ifdef ETXTBSY
    TL_E(ETXTBSY)
#endif
#ifdef EFBIG
    TL_E(EFBIG)
#endif
#ifdef ENOSPC
    TL_E(ENOSPC)
#endif
#ifdef ESPIPE
    TL_E(ESPIPE)
#endif
#ifdef EROFS
    TL_E(EROFS)
#endif
#ifdef EMLINK
    TL_E(EMLINK)
#endif
#ifdef EPIPE
    TL_E(EPIPE)
#endif
#ifdef EDOM
    TL_E(EDOM)
#endif
#ifdef ERANGE
    TL_E(ERANGE)
#endif
#ifdef EDEADLK
    TL_E(EDEADLK)
#endif
#ifdef ENAMETOOLONG
    TL_E(ENAMETOOLONG)
#endif
#ifdef ENOLCK
    TL_E(ENOLCK)
#endif
#ifdef ENOSYS
    TL_E(ENOSYS)
#endif
#ifdef ENOTEMPTY
    TL_E(ENOTEMPTY)
#endif
#ifdef ELOOP
    TL_E(ELOOP)
#endif
#ifdef ENOTSOCK
    TL_E(ENOTSOCK)
#endif
#ifdef EOPNOTSUPP
    TL_E(EOPNOTSUPP)
#endif
#ifdef ENOTSUP
    TL_E(ENOTSUP)
#endif
#ifdef EOVERFLOW
    TL_E(EOVERFLOW)
#endif
#ifdef EILSEQ
    TL_E(EILSEQ)
#endif
#ifdef ENODATA
    TL_E(ENODATA)
#endif
#ifdef ETIMEDOUT
    TL_E(ETIMEDOUT)
#endif
#ifdef EBADFD
    TL_E(EBADFD)
#endif
#ifdef EWOULDBLOCK
    TL_E(EWOULDBLOCK)
#endif
#ifdef EDEADLOCK
    TL_E(EDEADLOCK)
#endif
#undef TL_E
    snprintf(buf, sizeof buf, "E?%d", e);
    return buf;
}
#define ERRNAME(e) errname(e)

/* Runs `call`, prints "TEXT = RESULT ENAME" on failure or runs
 * `on_success` (which may use tl_r_ and tl_s_), keeps errno, yields the
 * result. TEXT is #call taken by the caller: stringified here, `call`
 * would already be macro-expanded (SEEK_END would print as its value). */
#define TL_CHECK_AS(call, text, on_success)                                \
    ({                                                                     \
        const char* tl_s_ = (text);                                        \
        errno = 0;                                                         \
        __typeof__(call) tl_r_ = (call);                                   \
        int tl_e_ = errno;                                                 \
        if ((long long)tl_r_ < 0)                                          \
            printf("%s = %lld %s\n", tl_s_, (long long)tl_r_, errname(tl_e_)); \
        else                                                               \
            on_success;                                                    \
        fflush(stdout);                                                    \
        errno = tl_e_;                                                     \
        tl_r_;                                                             \
    })

/* Print `call = result` (plus the errno name when the result is negative)
 * and yield the result. For calls returning an integer. */
#define CHECK(call)                                                        \
    TL_CHECK_AS(call, #call, printf("%s = %lld\n", tl_s_, (long long)tl_r_))

/* Same, but a non-negative result prints as "ok" (for values that are not
 * deterministic, e.g. a byte count of random data or a time). */
#define CHECK_OK(call)                                                     \
    TL_CHECK_AS(call, #call, printf("%s = ok\n", tl_s_))

/* For calls returning a new fd, in programs also built for plain WASI
 * (where fd 3 is the preopened "/" and numbering starts at 4): prints
 * "fd" instead of the number. */
#define CHECK_FD(call)                                                     \
    TL_CHECK_AS(call, #call, printf("%s = fd\n", tl_s_))

/* For calls returning a pointer (fopen, opendir, malloc, ...): prints
 * "ok" or "NULL ENAME". MAP_FAILED is handled by CHECK_MMAP. */
#define CHECK_PTR(call)                                                    \
    ({                                                                     \
        errno = 0;                                                         \
        __typeof__(call) tl_p_ = (call);                                   \
        int tl_e_ = errno;                                                 \
        if (tl_p_ == NULL)                                                 \
            printf("%s = NULL %s\n", #call, errname(tl_e_));               \
        else                                                               \
            printf("%s = ok\n", #call);                                    \
        fflush(stdout);                                                    \
        errno = tl_e_;                                                     \
        tl_p_;                                                             \
    })

/* For functions that return an error number (0 on success) instead of
 * setting errno (posix_memalign, ...). */
#define CHECK_ERRNUM(call)                                                 \
    ({                                                                     \
        int tl_r_ = (call);                                                \
        printf("%s = %s\n", #call, errname(tl_r_));                        \
        fflush(stdout);                                                    \
        tl_r_;                                                             \
    })

/* Print a condition's text and yes/NO. */
#define EXPECT(cond)                                                       \
    ({                                                                     \
        int tl_c_ = !!(cond);                                              \
        printf("%s: %s\n", #cond, tl_c_ ? "yes" : "NO");                   \
        fflush(stdout);                                                    \
        tl_c_;                                                             \
    })

/* Print the errno name of the last failure: "errno=ENOENT". */
#define SHOW_ERRNO() printf("errno=%s\n", errname(errno))

/* ---- small helpers (static, unused ones are fine) ---- */

/* Create PATH with exactly the bytes S (mode 0644, before umask). */
static TL_UNUSED int put_file(const char *path, const char *s) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("put_file(%s): open failed %s\n", path, errname(errno));
        return -1;
    }
    size_t n = strlen(s), off = 0;
    while (off < n) {
        ssize_t w = write(fd, s + off, n - off);
        if (w <= 0) {
            printf("put_file(%s): write failed %s\n", path, errname(errno));
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    return close(fd);
}

/* Print PATH's contents as `NAME: "..."` with non-printables escaped, or
 * `NAME: <errno>` if it cannot be read. */
static TL_UNUSED void show_file(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: <%s>\n", path, errname(errno));
        return;
    }
    printf("%s: \"", path);
    char buf[256];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)buf[i];
            if (c == '\n') printf("\\n");
            else if (c == '"' || c == '\\') printf("\\%c", c);
            else if (c < 32 || c >= 127) printf("\\x%02x", c);
            else putchar(c);
        }
    }
    printf("\"\n");
    close(fd);
}

/* Size of PATH per stat, or -1 (prints nothing). */
static TL_UNUSED long long file_size(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    return (long long)st.st_size;
}

static TL_UNUSED int tl_strcmp_p(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print the entries of directory PATH, sorted, on one line:
 * `ls PATH: a b c` (with "." and ".." unless SKIPDOTS). */
static TL_UNUSED int list_dir(const char *path, int skipdots) {
    DIR *d = opendir(path);
    if (!d) {
        printf("ls %s: <%s>\n", path, errname(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (skipdots && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = realloc(names, cap * sizeof *names);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, tl_strcmp_p);
    printf("ls %s:", path);
    for (size_t i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
    free(names);
    return (int)n;
}

/* The working directory relative to where the program started, so native
 * (cwd = a host scratch dir) and lind (cwd = "/" of lindfs) print the
 * same: "/" at the start, "/a/b" after chdir("a/b"). Call
 * tl_cwd_init() first. */
static char tl_cwd0[4096];
static TL_UNUSED void tl_cwd_init(void) {
    if (!getcwd(tl_cwd0, sizeof tl_cwd0)) tl_cwd0[0] = 0;
    if (strcmp(tl_cwd0, "/") == 0) tl_cwd0[0] = 0; /* lind: "" prefix */
}
static TL_UNUSED const char *rel_cwd(void) {
    static char buf[4096];
    char *p = getcwd(buf, sizeof buf);
    if (!p) return errname(errno);
    size_t n = strlen(tl_cwd0);
    if (strncmp(buf, tl_cwd0, n) != 0) return "<outside the start dir>";
    if (buf[n] == 0) return "/";
    return buf + n;
}

/* A small deterministic PRNG (xorshift32) for test data. */
static TL_UNUSED unsigned tl_rand(unsigned *s) {
    unsigned x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* FNV-1a over a buffer, for printing digests of large data. */
static TL_UNUSED unsigned fnv1a(const void *p, size_t n, unsigned h) {
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 16777619u;
    }
    return h;
}
#define FNV_INIT 2166136261u

#endif
