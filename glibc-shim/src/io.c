/* File-descriptor I/O: read/write and friends, open, close, lseek, fcntl,
 * ioctl, dup, pipe, poll, select, sync, truncate. */
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"

ssize_t read(int fd, void *buf, size_t n) {
    return __lind_ret(SC3(LIND_SYS_read, LA_I(fd), LA_P(buf), LA_U(n)));
}

ssize_t write(int fd, const void *buf, size_t n) {
    return __lind_ret(SC3(LIND_SYS_write, LA_I(fd), LA_P(buf), LA_U(n)));
}

ssize_t pread(int fd, void *buf, size_t n, off_t off) {
    return __lind_ret(SC4(LIND_SYS_pread64, LA_I(fd), LA_P(buf), LA_U(n), LA_I(off)));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    return __lind_ret(SC4(LIND_SYS_pwrite64, LA_I(fd), LA_P(buf), LA_U(n), LA_I(off)));
}

/* struct iovec crosses in its wasm32 layout {u32 base, u32 len}, which is
 * exactly wasi-libc's struct iovec. */
_Static_assert(sizeof(struct iovec) == 8, "wasm32 iovec");
_Static_assert(offsetof(struct iovec, iov_len) == 4, "wasm32 iovec");

ssize_t readv(int fd, const struct iovec *iov, int cnt) {
    return __lind_ret(SC3(LIND_SYS_readv, LA_I(fd), LA_P(iov), LA_I(cnt)));
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    return __lind_ret(SC3(LIND_SYS_writev, LA_I(fd), LA_P(iov), LA_I(cnt)));
}

/* preadv/pwritev: Linux 295/296 (not yet served by lind-boot: ENOSYS). */
ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off) {
    return __lind_ret(SC5(LIND_SYS_preadv, LA_I(fd), LA_P(iov), LA_I(cnt), LA_I(off), LA_U((uint64_t)off >> 32)));
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) {
    return __lind_ret(SC5(LIND_SYS_pwritev, LA_I(fd), LA_P(iov), LA_I(cnt), LA_I(off), LA_U((uint64_t)off >> 32)));
}

static int open_common(int dirfd, const char *path, int flags, mode_t mode, int use_at) {
    uint64_t lflags = __lind_oflags_to_linux(flags);
    if (use_at)
        return (int)__lind_ret(SC4(LIND_SYS_openat, LA_I(dirfd), LA_P(path), lflags, LA_U(mode)));
    return (int)__lind_ret(SC3(LIND_SYS_open, LA_P(path), lflags, LA_U(mode)));
}

static int needs_mode(int flags) {
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

int open(const char *path, int flags, ...) {
    mode_t mode = 0;
    if (needs_mode(flags)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return open_common(0, path, flags, mode, 0);
}

int openat(int dirfd, const char *path, int flags, ...) {
    mode_t mode = 0;
    if (needs_mode(flags)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return open_common(dirfd, path, flags, mode, 1);
}

/* fopen's entry (wasi-libc's upper half opens files through this). */
int __wasilibc_open_nomode(const char *path, int flags) {
    return open_common(0, path, flags, 0666, 0);
}

int creat(const char *path, mode_t mode) {
    return (int)__lind_ret(SC2(LIND_SYS_creat, LA_P(path), LA_U(mode)));
}

int close(int fd) {
    return (int)__lind_ret(SC1(LIND_SYS_close, LA_I(fd)));
}

off_t lseek(int fd, off_t off, int whence) {
    return __lind_ret64(SC3(LIND_SYS_lseek, LA_I(fd), LA_I(off), LA_I(whence)));
}
off_t __lseek(int fd, off_t off, int whence) __attribute__((alias("lseek")));

/* <unistd.h> turns lseek(fd, 0, SEEK_CUR) into this. */
off_t __wasilibc_tell(int fd) {
    return lseek(fd, 0, SEEK_CUR);
}

int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    unsigned long arg = va_arg(ap, unsigned long);
    va_end(ap);
    int64_t r;
    switch (cmd) {
    case F_GETFL:
        r = SC2(LIND_SYS_fcntl, LA_I(fd), LA_I(cmd));
        if (__lind_is_err(r)) return (int)__lind_ret(r);
        return __lind_oflags_from_linux((uint64_t)r);
    case F_SETFL:
        return (int)__lind_ret(SC3(LIND_SYS_fcntl, LA_I(fd), LA_I(cmd),
                                   __lind_oflags_to_linux((int)arg)));
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        /* struct flock: same bytes on both sides (README). */
        return (int)__lind_ret(SC3(LIND_SYS_fcntl, LA_I(fd), LA_I(cmd), LA_P(arg)));
    default: /* F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, ...: integers */
        return (int)__lind_ret(SC3(LIND_SYS_fcntl, LA_I(fd), LA_I(cmd), LA_I((int)arg)));
    }
}

_Static_assert(offsetof(struct flock, l_type) == 0, "x86-64 struct flock");
_Static_assert(offsetof(struct flock, l_whence) == 2, "x86-64 struct flock");
_Static_assert(offsetof(struct flock, l_start) == 8, "x86-64 struct flock");
_Static_assert(offsetof(struct flock, l_len) == 16, "x86-64 struct flock");
_Static_assert(offsetof(struct flock, l_pid) == 24, "x86-64 struct flock");
_Static_assert(sizeof(struct flock) == 32, "x86-64 struct flock");

/* ioctl: requests are Linux numbers (our <sys/ioctl.h>); the third argument
 * is a pointer for the requests below and an int otherwise. */
int ioctl(int fd, int req, ...) {
    va_list ap;
    va_start(ap, req);
    unsigned long arg = va_arg(ap, unsigned long);
    va_end(ap);
    uint64_t a3;
    switch ((unsigned)req) {
    case FIONBIO:
    case FIOASYNC:
    case TCGETS:
    case TCSETS:
    case TIOCGWINSZ:
    case TIOCSWINSZ:
    case FIONREAD:
    case TIOCGPGRP:
    case TIOCSPGRP:
        a3 = LA_P(arg);
        break;
    default:
        a3 = LA_U(arg);
        break;
    }
    return (int)__lind_ret(SC3(LIND_SYS_ioctl, LA_I(fd), LA_U((unsigned)req), a3));
}

/* isatty: TCGETS succeeds only on a terminal (the kernel's struct termios
 * is 60 bytes; we only look at the result). */
int isatty(int fd) {
    unsigned char termios[64];
    int64_t r = SC3(LIND_SYS_ioctl, LA_I(fd), TCGETS, LA_P(termios));
    if (__lind_is_err(r)) {
        errno = __lind_errno_from_linux((int)-r);
        return 0;
    }
    return 1;
}
int __isatty(int fd) __attribute__((alias("isatty")));

int dup(int fd) {
    return (int)__lind_ret(SC1(LIND_SYS_dup, LA_I(fd)));
}

int dup2(int fd, int fd2) {
    return (int)__lind_ret(SC2(LIND_SYS_dup2, LA_I(fd), LA_I(fd2)));
}

int dup3(int fd, int fd2, int flags) {
    return (int)__lind_ret(SC3(LIND_SYS_dup3, LA_I(fd), LA_I(fd2), __lind_oflags_to_linux(flags) & ~3ull));
}

/* freopen moves the newly opened descriptor onto the old number. */
int __wasilibc_fd_renumber(int fd, int newfd) {
    if (dup2(fd, newfd) < 0) return -1;
    if (fd != newfd) close(fd);
    return 0;
}

int pipe(int fds[2]) {
    return (int)__lind_ret(SC1(LIND_SYS_pipe, LA_P(fds)));
}

int pipe2(int fds[2], int flags) {
    return (int)__lind_ret(SC2(LIND_SYS_pipe2, LA_P(fds), __lind_oflags_to_linux(flags) & ~3ull));
}

int fsync(int fd) {
    return (int)__lind_ret(SC1(LIND_SYS_fsync, LA_I(fd)));
}

int fdatasync(int fd) {
    return (int)__lind_ret(SC1(LIND_SYS_fdatasync, LA_I(fd)));
}

int ftruncate(int fd, off_t len) {
    return (int)__lind_ret(SC2(LIND_SYS_ftruncate, LA_I(fd), LA_I(len)));
}

int truncate(const char *path, off_t len) {
    return (int)__lind_ret(SC2(LIND_SYS_truncate, LA_P(path), LA_I(len)));
}

int flock(int fd, int op) {
    return (int)__lind_ret(SC2(LIND_SYS_flock, LA_I(fd), LA_I(op)));
}

int lockf(int fd, int cmd, off_t len) {
    struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 0, .l_len = len};
    switch (cmd) {
    case F_TEST:
        l.l_type = F_RDLCK;
        if (fcntl(fd, F_GETLK, &l) < 0) return -1;
        if (l.l_type == F_UNLCK || l.l_pid == getpid()) return 0;
        errno = EACCES;
        return -1;
    case F_ULOCK:
        l.l_type = F_UNLCK;
        /* fall through */
    case F_TLOCK:
        return fcntl(fd, F_SETLK, &l);
    case F_LOCK:
        return fcntl(fd, F_SETLKW, &l);
    }
    errno = EINVAL;
    return -1;
}

/* posix_fadvise (221) and posix_fallocate (fallocate, 285): Linux numbers,
 * not yet served by lind-boot. They return the error number. */
int posix_fadvise(int fd, off_t off, off_t len, int advice) {
    return __lind_ret_errnum(SC4(LIND_SYS_fadvise64, LA_I(fd), LA_I(off), LA_I(len), LA_I(advice)));
}

int posix_fallocate(int fd, off_t off, off_t len) {
    return __lind_ret_errnum(SC4(LIND_SYS_fallocate, LA_I(fd), 0, LA_I(off), LA_I(len)));
}

/* poll: struct pollfd and the POLL* bits are Linux's (our <poll.h>). */
int poll(struct pollfd *fds, nfds_t n, int timeout) {
    return (int)__lind_ret(SC3(LIND_SYS_poll, LA_P(fds), LA_U(n), LA_I(timeout)));
}

/* select: fd_set is the Linux bitmap (our <sys/select.h>); the timeout is
 * copied to the kernel layout and back (Linux updates it). */
int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv) {
    struct __lind_kernel_timeval ktv, *ptv = 0;
    if (tv) {
        ktv.tv_sec = tv->tv_sec;
        ktv.tv_usec = tv->tv_usec;
        ptv = &ktv;
    }
    int64_t res = SC5(LIND_SYS_select, LA_I(n), LA_P(r), LA_P(w), LA_P(e), LA_P(ptv));
    if (tv && !__lind_is_err(res)) {
        tv->tv_sec = ktv.tv_sec;
        tv->tv_usec = ktv.tv_usec;
    }
    return (int)__lind_ret(res);
}

int pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts,
            const sigset_t *mask) {
    struct timeval tv, *ptv = 0;
    if (mask) {
        /* Atomic mask swapping needs pselect6, which lind-boot lacks. */
        errno = ENOSYS;
        return -1;
    }
    if (ts) {
        tv.tv_sec = ts->tv_sec;
        tv.tv_usec = ts->tv_nsec / 1000;
        ptv = &tv;
    }
    return select(n, r, w, e, ptv);
}
