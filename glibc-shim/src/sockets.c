/* The socket calls that wasi-libc's libc.a defines in its WASI layer.
 * lind-boot has no socket ABI yet (no numbers in abi.h, and wasi-libc's
 * socket constants differ from Linux's): they fail with ENOSYS rather than
 * reach WASI. */
#include <sys/socket.h>

#include "internal.h"

int accept(int fd, struct sockaddr *__restrict a, socklen_t *__restrict l) {
    (void)fd, (void)a, (void)l;
    return (int)__lind_fail(ENOSYS);
}

int accept4(int fd, struct sockaddr *__restrict a, socklen_t *__restrict l, int flags) {
    (void)fd, (void)a, (void)l, (void)flags;
    return (int)__lind_fail(ENOSYS);
}

ssize_t recv(int fd, void *b, size_t n, int flags) {
    (void)fd, (void)b, (void)n, (void)flags;
    return __lind_fail(ENOSYS);
}

ssize_t send(int fd, const void *b, size_t n, int flags) {
    (void)fd, (void)b, (void)n, (void)flags;
    return __lind_fail(ENOSYS);
}

int shutdown(int fd, int how) {
    (void)fd, (void)how;
    return (int)__lind_fail(ENOSYS);
}

int getsockopt(int fd, int level, int name, void *__restrict v, socklen_t *__restrict l) {
    (void)fd, (void)level, (void)name, (void)v, (void)l;
    return (int)__lind_fail(ENOSYS);
}
