/* The socket calls: Linux x86-64 numbers 41-55 and 288. Our headers give
 * the Linux values of AF_*, SOCK_*, MSG_*, SOL_*, SO_* and Linux's layout
 * of the sockaddr structures, so every argument passes through unchanged:
 * addresses and lengths are offsets in the cage's memory, socklen_t is
 * 32-bit, and struct msghdr (like struct iovec) crosses in its wasm32
 * layout. lind-boot has no socket implementation yet, so without a grate
 * that serves them these come back ENOSYS from 3i. */
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

#include "internal.h"

_Static_assert(sizeof(struct sockaddr) == 16, "Linux struct sockaddr");
_Static_assert(sizeof(struct sockaddr_un) == 110, "Linux struct sockaddr_un");
_Static_assert(offsetof(struct sockaddr_un, sun_path) == 2, "Linux struct sockaddr_un");
_Static_assert(sizeof(struct sockaddr_in) == 16, "Linux struct sockaddr_in");
_Static_assert(sizeof(struct sockaddr_in6) == 28, "Linux struct sockaddr_in6");
_Static_assert(sizeof(struct sockaddr_storage) == 128, "Linux struct sockaddr_storage");
_Static_assert(sizeof(socklen_t) == 4, "32-bit socklen_t");
_Static_assert(sizeof(struct msghdr) == 28, "wasm32 struct msghdr");
_Static_assert(offsetof(struct msghdr, msg_iov) == 8, "wasm32 struct msghdr");
_Static_assert(offsetof(struct msghdr, msg_control) == 16, "wasm32 struct msghdr");
_Static_assert(offsetof(struct msghdr, msg_flags) == 24, "wasm32 struct msghdr");

int socket(int domain, int type, int protocol) {
    return (int)__lind_ret(SC3(LIND_SYS_socket, LA_I(domain), LA_I(type), LA_I(protocol)));
}

int socketpair(int domain, int type, int protocol, int fds[2]) {
    return (int)__lind_ret(SC4(LIND_SYS_socketpair, LA_I(domain), LA_I(type), LA_I(protocol), LA_P(fds)));
}

int bind(int fd, const struct sockaddr *a, socklen_t len) {
    return (int)__lind_ret(SC3(LIND_SYS_bind, LA_I(fd), LA_P(a), LA_U(len)));
}

int connect(int fd, const struct sockaddr *a, socklen_t len) {
    return (int)__lind_ret(SC3(LIND_SYS_connect, LA_I(fd), LA_P(a), LA_U(len)));
}

int listen(int fd, int backlog) {
    return (int)__lind_ret(SC2(LIND_SYS_listen, LA_I(fd), LA_I(backlog)));
}

int accept(int fd, struct sockaddr *__restrict a, socklen_t *__restrict len) {
    return (int)__lind_ret(SC3(LIND_SYS_accept, LA_I(fd), LA_P(a), LA_P(len)));
}

int accept4(int fd, struct sockaddr *__restrict a, socklen_t *__restrict len, int flags) {
    return (int)__lind_ret(SC4(LIND_SYS_accept4, LA_I(fd), LA_P(a), LA_P(len), LA_I(flags)));
}

ssize_t sendto(int fd, const void *b, size_t n, int flags, const struct sockaddr *a, socklen_t len) {
    return __lind_ret(SC6(LIND_SYS_sendto, LA_I(fd), LA_P(b), LA_U(n), LA_I(flags), LA_P(a), LA_U(len)));
}

ssize_t recvfrom(int fd, void *__restrict b, size_t n, int flags, struct sockaddr *__restrict a,
                 socklen_t *__restrict len) {
    return __lind_ret(SC6(LIND_SYS_recvfrom, LA_I(fd), LA_P(b), LA_U(n), LA_I(flags), LA_P(a), LA_P(len)));
}

/* send/recv are sendto/recvfrom without an address, as in Linux's libc. */
ssize_t send(int fd, const void *b, size_t n, int flags) {
    return sendto(fd, b, n, flags, NULL, 0);
}

ssize_t recv(int fd, void *b, size_t n, int flags) {
    return recvfrom(fd, b, n, flags, NULL, NULL);
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags) {
    return __lind_ret(SC3(LIND_SYS_sendmsg, LA_I(fd), LA_P(m), LA_I(flags)));
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags) {
    return __lind_ret(SC3(LIND_SYS_recvmsg, LA_I(fd), LA_P(m), LA_I(flags)));
}

int shutdown(int fd, int how) {
    return (int)__lind_ret(SC2(LIND_SYS_shutdown, LA_I(fd), LA_I(how)));
}

int getsockname(int fd, struct sockaddr *__restrict a, socklen_t *__restrict len) {
    return (int)__lind_ret(SC3(LIND_SYS_getsockname, LA_I(fd), LA_P(a), LA_P(len)));
}

int getpeername(int fd, struct sockaddr *__restrict a, socklen_t *__restrict len) {
    return (int)__lind_ret(SC3(LIND_SYS_getpeername, LA_I(fd), LA_P(a), LA_P(len)));
}

int setsockopt(int fd, int level, int name, const void *v, socklen_t len) {
    return (int)__lind_ret(SC5(LIND_SYS_setsockopt, LA_I(fd), LA_I(level), LA_I(name), LA_P(v), LA_U(len)));
}

int getsockopt(int fd, int level, int name, void *__restrict v, socklen_t *__restrict len) {
    return (int)__lind_ret(SC5(LIND_SYS_getsockopt, LA_I(fd), LA_I(level), LA_I(name), LA_P(v), LA_P(len)));
}
