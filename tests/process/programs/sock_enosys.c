/* Without a grate that serves them, the socket calls (Linux 41-55, 288)
 * reach 3i with no handler and fail cleanly with ENOSYS: RawPOSIX has no
 * socket implementation yet. The cage keeps running after each one.
 * Lind only (natively they succeed): expected/sock_enosys.out. */
#include "proctest.h"

#include <sys/socket.h>
#include <sys/un.h>

int main(int argc, char **argv) {
    proc_init(argc, argv);
    struct sockaddr_un a = {.sun_family = AF_UNIX, .sun_path = "x"};
    socklen_t len = sizeof a;
    int sv[2];
    char buf[4] = "abc";
    struct iovec iov = {buf, 3};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    int v = 1;
    CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
    CHECK(socket(AF_INET, SOCK_STREAM, 0));
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    CHECK(bind(3, (struct sockaddr *)&a, len));
    CHECK(listen(3, 1));
    CHECK(accept(3, NULL, NULL));
    CHECK(accept4(3, NULL, NULL, SOCK_CLOEXEC));
    CHECK(connect(3, (struct sockaddr *)&a, len));
    CHECK(send(3, buf, 3, 0));
    CHECK(recv(3, buf, 3, 0));
    CHECK(sendto(3, buf, 3, 0, (struct sockaddr *)&a, len));
    CHECK(recvfrom(3, buf, 3, 0, NULL, NULL));
    CHECK(sendmsg(3, &m, 0));
    CHECK(recvmsg(3, &m, 0));
    CHECK(shutdown(3, SHUT_RDWR));
    CHECK(getsockname(3, (struct sockaddr *)&a, &len));
    CHECK(getpeername(3, (struct sockaddr *)&a, &len));
    CHECK(setsockopt(3, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    CHECK(getsockopt(3, SOL_SOCKET, SO_TYPE, &v, &len));
    say("still running\n");
    return 0;
}
