/* Temporary names (mkstemp & co.) and realpath, which wasi-libc leaves out
 * (it has no absolute paths); here paths are ordinary lindfs paths. */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* Replace the six X's before `suffixlen` trailing bytes with random
 * letters. Returns the start of the X's or 0 (EINVAL). */
static char *xs(char *t, int suffixlen) {
    size_t l = strlen(t);
    if (suffixlen < 0 || l < 6 + (size_t)suffixlen || memcmp(t + l - suffixlen - 6, "XXXXXX", 6)) {
        errno = EINVAL;
        return 0;
    }
    return t + l - suffixlen - 6;
}

static void fill(char *x) {
    static const char letters[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[6];
    if (getentropy(r, sizeof r) < 0) {
        /* no randomness: fall back on the clock and a counter */
        static unsigned n;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        unsigned v = (unsigned)ts.tv_nsec ^ (++n * 2654435761u);
        for (int i = 0; i < 6; ++i) r[i] = (unsigned char)(v >> (i * 5));
    }
    for (int i = 0; i < 6; ++i) x[i] = letters[r[i] % 62];
}

int mkostemps(char *t, int suffixlen, int flags) {
    char *x = xs(t, suffixlen);
    if (!x) return -1;
    flags &= ~O_ACCMODE;
    for (int tries = 0; tries < 100; ++tries) {
        fill(x);
        int fd = open(t, flags | O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd >= 0) return fd;
        if (errno != EEXIST) break;
    }
    memcpy(x, "XXXXXX", 6);
    return -1;
}

int mkstemp(char *t) { return mkostemps(t, 0, 0); }
int mkostemp(char *t, int flags) { return mkostemps(t, 0, flags); }
int mkstemps(char *t, int suffixlen) { return mkostemps(t, suffixlen, 0); }

char *mkdtemp(char *t) {
    char *x = xs(t, 0);
    if (!x) return 0;
    for (int tries = 0; tries < 100; ++tries) {
        fill(x);
        if (mkdir(t, 0700) == 0) return t;
        if (errno != EEXIST) break;
    }
    memcpy(x, "XXXXXX", 6);
    return 0;
}

char *mktemp(char *t) {
    char *x = xs(t, 0);
    if (!x) {
        if (t) *t = 0;
        return t;
    }
    struct stat st;
    for (int tries = 0; tries < 100; ++tries) {
        fill(x);
        if (lstat(t, &st) < 0) {
            if (errno == ENOENT) return t;
            break;
        }
    }
    *t = 0;
    return t;
}

/* realpath: resolve symlinks component by component (at most 40), as the
 * kernel would, against the cage's cwd. */
char *realpath(const char *__restrict path, char *__restrict resolved) {
    char out[PATH_MAX], rest[PATH_MAX], link[PATH_MAX];
    size_t outlen = 0;
    int links = 0;
    if (!path) {
        errno = EINVAL;
        return 0;
    }
    if (!*path) {
        errno = ENOENT;
        return 0;
    }
    size_t plen = strnlen(path, PATH_MAX);
    if (plen >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return 0;
    }
    memcpy(rest, path, plen + 1);
    if (rest[0] != '/') {
        if (!getcwd(out, sizeof out)) return 0;
        outlen = strlen(out);
        if (outlen == 1) outlen = 0; /* "/" */
    }
    size_t pos = 0;
    for (;;) {
        while (rest[pos] == '/') ++pos;
        if (!rest[pos]) break;
        size_t end = pos;
        while (rest[end] && rest[end] != '/') ++end;
        size_t clen = end - pos;
        if (clen == 1 && rest[pos] == '.') {
            pos = end;
            continue;
        }
        if (clen == 2 && rest[pos] == '.' && rest[pos + 1] == '.') {
            while (outlen && out[outlen - 1] != '/') --outlen;
            if (outlen) --outlen;
            pos = end;
            continue;
        }
        if (outlen + 1 + clen >= sizeof out) {
            errno = ENAMETOOLONG;
            return 0;
        }
        out[outlen] = '/';
        memcpy(out + outlen + 1, rest + pos, clen);
        size_t newlen = outlen + 1 + clen;
        out[newlen] = 0;
        pos = end;
        struct stat st;
        if (lstat(out, &st) < 0) return 0;
        if (S_ISLNK(st.st_mode)) {
            if (++links > 40) {
                errno = ELOOP;
                return 0;
            }
            ssize_t n = readlink(out, link, sizeof link - 1);
            if (n < 0) return 0;
            link[n] = 0;
            size_t restlen = strlen(rest + pos);
            if ((size_t)n + restlen + 1 >= sizeof rest) {
                errno = ENAMETOOLONG;
                return 0;
            }
            memmove(rest + n, rest + pos, restlen + 1);
            memcpy(rest, link, (size_t)n);
            pos = 0;
            if (link[0] == '/') outlen = 0;
            continue;
        }
        if (rest[pos] == '/' && !S_ISDIR(st.st_mode)) {
            errno = ENOTDIR; /* "file/..." or "file/" */
            return 0;
        }
        outlen = newlen;
    }
    if (outlen == 0) out[outlen++] = '/';
    out[outlen] = 0;
    if (!resolved) return strdup(out);
    memcpy(resolved, out, outlen + 1);
    return resolved;
}
