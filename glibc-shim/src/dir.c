/* Directory streams over getdents64 (217).
 *
 * struct dirent keeps wasi-libc's layout {u64 d_ino; u8 d_type; char
 * d_name[]} (glob and alphasort in the kept libc.a read it). Each Linux
 * linux_dirent64 record {u64 d_ino; i64 d_off; u16 d_reclen; u8 d_type;
 * char d_name[]} is rewritten in place into that layout (the name moves
 * left), with d_type translated. telldir returns a small cookie that maps
 * to the 64-bit d_off (a long is 32 bits here). */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};
_Static_assert(offsetof(struct linux_dirent64, d_name) == 19, "linux_dirent64");
_Static_assert(offsetof(struct dirent, d_type) == 8, "wasi-libc dirent");
_Static_assert(offsetof(struct dirent, d_name) == 9, "wasi-libc dirent");

struct _DIR {
    int fd;
    size_t pos, end;
    int64_t tell;   /* d_off of the last entry returned (0 = start) */
    int64_t *locs;  /* telldir cookies: locs[i] is the d_off for cookie i+1 */
    size_t nlocs, caplocs;
    _Alignas(8) char buf[16384];
};

DIR *fdopendir(int fd) {
    struct stat st;
    if (fstat(fd, &st) < 0) return 0;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return 0;
    }
    DIR *d = calloc(1, sizeof *d);
    if (!d) return 0;
    d->fd = fd;
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    return d;
}

DIR *opendirat(int dirfd, const char *path) {
    int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return 0;
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return d;
}

DIR *opendir(const char *path) {
    return opendirat(AT_FDCWD, path);
}

int fdclosedir(DIR *d) {
    int fd = d->fd;
    free(d->locs);
    free(d);
    return fd;
}

int closedir(DIR *d) {
    return close(fdclosedir(d));
}

int dirfd(DIR *d) {
    return d->fd;
}

struct dirent *readdir(DIR *d) {
    if (d->pos >= d->end) {
        int64_t r = SC3(LIND_SYS_getdents64, LA_I(d->fd), LA_P(d->buf), LA_U(sizeof d->buf));
        if (__lind_is_err(r)) {
            __lind_ret(r);
            return 0;
        }
        if (r == 0) return 0; /* end of directory: errno untouched */
        d->pos = 0;
        d->end = (size_t)r;
    }
    struct linux_dirent64 *ld = (struct linux_dirent64 *)(d->buf + d->pos);
    uint16_t reclen = ld->d_reclen;
    if (reclen < offsetof(struct linux_dirent64, d_name) + 1 || d->pos + reclen > d->end) {
        d->pos = d->end; /* malformed: stop rather than read past the buffer */
        errno = EIO;
        return 0;
    }
    d->pos += reclen;
    d->tell = ld->d_off;
    unsigned char type = __lind_dtype_from_linux(ld->d_type);
    size_t namemax = reclen - offsetof(struct linux_dirent64, d_name);
    size_t len = strnlen(ld->d_name, namemax);
    struct dirent *de = (struct dirent *)ld;
    de->d_type = type;
    memmove(de->d_name, ld->d_name, len);
    de->d_name[len] = 0;
    return de;
}

void rewinddir(DIR *d) {
    lseek(d->fd, 0, SEEK_SET);
    d->pos = d->end = 0;
    d->tell = 0;
}

long telldir(DIR *d) {
    if (d->tell == 0) return 0;
    for (size_t i = 0; i < d->nlocs; ++i)
        if (d->locs[i] == d->tell) return (long)(i + 1);
    if (d->nlocs == d->caplocs) {
        size_t cap = d->caplocs ? 2 * d->caplocs : 16;
        int64_t *n = realloc(d->locs, cap * sizeof *n);
        if (!n) return -1;
        d->locs = n;
        d->caplocs = cap;
    }
    d->locs[d->nlocs++] = d->tell;
    return (long)d->nlocs;
}

void seekdir(DIR *d, long cookie) {
    int64_t off = 0;
    if (cookie > 0 && (size_t)cookie <= d->nlocs) off = d->locs[cookie - 1];
    else if (cookie != 0) return;
    lseek(d->fd, off, SEEK_SET);
    d->pos = d->end = 0;
    d->tell = off;
}

int scandirat(int dirfd, const char *path, struct dirent ***res,
              int (*sel)(const struct dirent *),
              int (*cmp)(const struct dirent **, const struct dirent **)) {
    DIR *d = opendirat(dirfd, path);
    if (!d) return -1;
    struct dirent **list = 0, *de;
    size_t n = 0, cap = 0;
    int saved = errno;
    errno = 0;
    while ((de = readdir(d))) {
        if (sel && !sel(de)) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            struct dirent **nl = realloc(list, cap * sizeof *nl);
            if (!nl) break;
            list = nl;
        }
        size_t sz = offsetof(struct dirent, d_name) + strlen(de->d_name) + 1;
        struct dirent *copy = malloc(sz < sizeof(struct dirent) ? sizeof(struct dirent) : sz);
        if (!copy) break;
        memcpy(copy, de, sz);
        list[n++] = copy;
    }
    int err = errno;
    closedir(d);
    if (err) {
        while (n) free(list[--n]);
        free(list);
        errno = err;
        return -1;
    }
    errno = saved;
    if (cmp) qsort(list, n, sizeof *list, (int (*)(const void *, const void *))cmp);
    *res = list;
    return (int)n;
}

int scandir(const char *path, struct dirent ***res, int (*sel)(const struct dirent *),
            int (*cmp)(const struct dirent **, const struct dirent **)) {
    return scandirat(AT_FDCWD, path, res, sel, cmp);
}
