/* devnull-grate: /dev/null served by the grate. An fd the program (or a
 * descendant) opens on "/dev/null" is marked; on a marked fd, write and
 * pwrite return the byte count and writev the sum of its lengths (the data
 * goes nowhere), read, pread and readv return 0 (EOF) -- without any call
 * reaching the runtime. Every other fd, and every other call, is
 * forwarded. The fd number itself is the runtime's (the open is forwarded),
 * so fds never collide and calls the grate does not intercept (fstat,
 * lseek, fcntl, poll) act on a real /dev/null.
 *   devnull-grate PROGRAM [ARGS...] */
#include <lind_grate.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Linux values (the forwarded calls carry them raw). */
#define L_F_DUPFD 0
#define L_F_GETFD 1
#define L_F_DUPFD_CLOEXEC 1030
#define L_FD_CLOEXEC 1
#define L_CLONE_THREAD 0x10000ULL

static const char null_path[] = "/dev/null";

static int is_null(uint64_t cage, uint64_t fd) {
    return fd <= INT_MAX && lind_grate_fdtable_get(cage, (int)fd, NULL) == 0;
}

/* After a call that gave the cage fd `fd`: marked iff `null`. */
static void mark(uint64_t cage, int fd, int null) {
    if (fd < 0) return;
    if (null) lind_grate_fdtable_set(cage, fd, 1);
    else lind_grate_fdtable_remove(cage, fd);
}

static int path_is_null(uint64_t cage, uint64_t addr) {
    char path[sizeof null_path + 1];
    /* A longer path does not fit: read_string fails, not /dev/null. */
    return lind_grate_read_string(cage, addr, path, sizeof path) == 0 && strcmp(path, null_path) == 0;
}

LIND_GRATE_HANDLER(h_open) {
    int null = path_is_null(a1cage, a1);
    int fd = LIND_GRATE_FORWARD(LIND_SYS_open);
    mark(a1cage, fd, null);
    return fd;
}

LIND_GRATE_HANDLER(h_openat) { /* only an absolute path: dirfd does not matter */
    int null = path_is_null(a2cage, a2);
    int fd = LIND_GRATE_FORWARD(LIND_SYS_openat);
    mark(a1cage, fd, null);
    return fd;
}

LIND_GRATE_HANDLER(h_read) {
    if (is_null(a1cage, a1)) return 0;
    return LIND_GRATE_FORWARD(LIND_SYS_read);
}

LIND_GRATE_HANDLER(h_pread) {
    if (is_null(a1cage, a1)) return 0;
    return LIND_GRATE_FORWARD(LIND_SYS_pread64);
}

LIND_GRATE_HANDLER(h_readv) {
    if (is_null(a1cage, a1)) return 0;
    return LIND_GRATE_FORWARD(LIND_SYS_readv);
}

LIND_GRATE_HANDLER(h_write) {
    if (is_null(a1cage, a1)) return (int)(a3 > INT_MAX ? INT_MAX : a3);
    return LIND_GRATE_FORWARD(LIND_SYS_write);
}

LIND_GRATE_HANDLER(h_pwrite) {
    if (is_null(a1cage, a1)) return (int)(a3 > INT_MAX ? INT_MAX : a3);
    return LIND_GRATE_FORWARD(LIND_SYS_pwrite64);
}

/* writev: the sum of the iovec lengths ({u32 base, u32 len} each). */
LIND_GRATE_HANDLER(h_writev) {
    if (!is_null(a1cage, a1)) return LIND_GRATE_FORWARD(LIND_SYS_writev);
    int cnt = (int)a3;
    if (cnt < 0 || cnt > 1024) return -EINVAL;
    uint32_t iov[2 * 64];
    uint64_t total = 0;
    for (int done = 0; done < cnt;) {
        int n = cnt - done > 64 ? 64 : cnt - done;
        int r = lind_grate_read(a2cage, a2 + (uint64_t)done * 8, iov, (size_t)n * 8);
        if (r < 0) return r;
        for (int i = 0; i < n; i++) total += iov[2 * i + 1];
        done += n;
    }
    if (total > INT_MAX) return -EINVAL;
    return (int)total;
}

LIND_GRATE_HANDLER(h_close) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_close);
    if (r == 0 && a1 <= INT_MAX) lind_grate_fdtable_remove(a1cage, (int)a1);
    return r;
}

LIND_GRATE_HANDLER(h_dup) {
    int null = is_null(a1cage, a1);
    int fd = LIND_GRATE_FORWARD(LIND_SYS_dup);
    mark(a1cage, fd, null);
    return fd;
}

LIND_GRATE_HANDLER(h_dup2) { /* dup2 and dup3: the new fd takes the old one's mark */
    int null = is_null(a1cage, a1);
    int fd = LIND_GRATE_FORWARD(LIND_SYS_dup2);
    mark(a1cage, fd, null);
    return fd;
}

LIND_GRATE_HANDLER(h_dup3) {
    int null = is_null(a1cage, a1);
    int fd = LIND_GRATE_FORWARD(LIND_SYS_dup3);
    mark(a1cage, fd, null);
    return fd;
}

LIND_GRATE_HANDLER(h_fcntl) {
    int null = is_null(a1cage, a1);
    int r = LIND_GRATE_FORWARD(LIND_SYS_fcntl);
    if ((int)a2 == L_F_DUPFD || (int)a2 == L_F_DUPFD_CLOEXEC) mark(a1cage, r, null);
    return r;
}

LIND_GRATE_HANDLER(h_clone) {
    int child = LIND_GRATE_FORWARD(LIND_SYS_clone);
    if (child > 0 && !(a1 & L_CLONE_THREAD)) lind_grate_fdtable_fork(a1cage, (uint64_t)child);
    return child;
}

/* Close-on-exec fds are gone after the exec: forget their marks (and put
 * them back if the exec fails). */
LIND_GRATE_HANDLER(h_execve) {
    int closing[64], n = 0;
    for (int fd = 0; fd < LIND_GRATE_FD_MAX && n < 64; fd++) {
        if (!is_null(a1cage, (uint64_t)fd)) continue;
        int fl = make_threei_call(LIND_SYS_fcntl, 0, grate, a1cage, (uint64_t)fd, a1cage, L_F_GETFD, a1cage,
                                  0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
        if (fl >= 0 && (fl & L_FD_CLOEXEC)) closing[n++] = fd;
    }
    for (int i = 0; i < n; i++) lind_grate_fdtable_remove(a1cage, closing[i]);
    int r = LIND_GRATE_FORWARD(LIND_SYS_execve);
    for (int i = 0; i < n; i++) lind_grate_fdtable_set(a1cage, closing[i], 1);
    return r;
}

LIND_GRATE_HANDLER(h_exit_group) {
    lind_grate_fdtable_drop(a1cage);
    return LIND_GRATE_FORWARD(LIND_SYS_exit_group);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: devnull-grate PROGRAM [ARGS...]\n");
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_open, h_open);
    lind_grate_register(&g, LIND_SYS_openat, h_openat);
    lind_grate_register(&g, LIND_SYS_read, h_read);
    lind_grate_register(&g, LIND_SYS_pread64, h_pread);
    lind_grate_register(&g, LIND_SYS_readv, h_readv);
    lind_grate_register(&g, LIND_SYS_write, h_write);
    lind_grate_register(&g, LIND_SYS_pwrite64, h_pwrite);
    lind_grate_register(&g, LIND_SYS_writev, h_writev);
    lind_grate_register(&g, LIND_SYS_close, h_close);
    lind_grate_register(&g, LIND_SYS_dup, h_dup);
    lind_grate_register(&g, LIND_SYS_dup2, h_dup2);
    lind_grate_register(&g, LIND_SYS_dup3, h_dup3);
    lind_grate_register(&g, LIND_SYS_fcntl, h_fcntl);
    lind_grate_register(&g, LIND_SYS_clone, h_clone);
    lind_grate_register(&g, LIND_SYS_execve, h_execve);
    lind_grate_register(&g, LIND_SYS_exit_group, h_exit_group);
    return lind_grate_run(&g, &argv[1]);
}
