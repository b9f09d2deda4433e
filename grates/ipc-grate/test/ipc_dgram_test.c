/* AF_UNIX SOCK_DGRAM sockets and SCM_RIGHTS served by ipc-grate, between
 * a parent and its forked children: socketpair, message boundaries,
 * truncation (MSG_TRUNC), MSG_PEEK, FIONREAD, blocking and nonblocking
 * receive, poll, bound names (abstract and path) with recvfrom's sender,
 * connect as a default peer (and AF_UNSPEC to drop it), the error cases
 * (ECONNREFUSED, ENOENT, ENOTCONN, EPERM, EMSGSIZE, EPIPE), the queue
 * limit, shutdown, a closed peer, and fds (a pipe end, a socket) passed
 * with SCM_RIGHTS, MSG_CTRUNC and MSG_CMSG_CLOEXEC.
 *
 * The expected output, ipc_dgram_test.out, was recorded from a NATIVE run
 * of this same file on Linux (cc -o t ipc_dgram_test.c && ./t): the grate
 * must behave as the kernel does. Only the parent prints; children report
 * through sockets or their exit status. Without the grate the first
 * socketpair() fails (ENOSYS) and the program stops with status 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sock_test.h"

#define ABSTRACT "lind-ipc-dgram-test"
#define PATH_NAME "ipc_dgram_test.sock"

static void test_boundaries(int sv[2]) {
    struct stat st;
    fstat(sv[0], &st);
    printf("fstat S_ISSOCK: %d\n", S_ISSOCK(st.st_mode));
    int type = 0;
    socklen_t tl = sizeof type;
    show("SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &tl) < 0 ? -1 : type);

    show("send one", send(sv[1], "one", 3, 0));
    show("write two!", write(sv[1], "two!", 4));
    show("send three", send(sv[1], "three", 5, 0));
    int n = -1;
    ioctl(sv[0], FIONREAD, &n);
    printf("FIONREAD (next datagram): %d\n", n);
    char buf[64];
    show("recv 1", recv(sv[0], buf, sizeof buf, 0));
    show("read 2", read(sv[0], buf, sizeof buf));
    show("recv 3 MSG_PEEK", recv(sv[0], buf, sizeof buf, MSG_PEEK));
    show("recv 3", recv(sv[0], buf, sizeof buf, 0));
    printf("got: %.5s\n", buf);
    show("recv empty MSG_DONTWAIT", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
    show("send empty datagram", send(sv[1], "", 0, 0));
    show("recv empty datagram", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));

    /* truncation */
    send(sv[1], "0123456789", 10, 0);
    show("recv 4 of 10", recv(sv[0], buf, 4, 0));
    show("rest dropped", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
    send(sv[1], "0123456789", 10, 0);
    show("recv 4 of 10 with MSG_TRUNC", recv(sv[0], buf, 4, MSG_TRUNC));
    send(sv[1], "abcdefghij", 10, 0);
    struct iovec iov[2] = {{buf, 3}, {buf + 3, 3}};
    struct msghdr m = {0};
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    long r = show("recvmsg 6 of 10", recvmsg(sv[0], &m, 0));
    printf("msg_flags MSG_TRUNC: %d, got %.*s\n", (m.msg_flags & MSG_TRUNC) != 0, (int)(r > 0 ? r : 0), buf);

    /* writev / sendmsg keep one datagram */
    struct iovec wv[3] = {{"ab", 2}, {"cd", 2}, {"ef", 2}};
    show("writev", writev(sv[1], wv, 3));
    struct msghdr sm = {0};
    sm.msg_iov = wv;
    sm.msg_iovlen = 2;
    show("sendmsg", sendmsg(sv[1], &sm, 0));
    show("recv writev", recv(sv[0], buf, sizeof buf, 0));
    show("recv sendmsg", recv(sv[0], buf, sizeof buf, 0));

    static char big[300000];
    show("send 300000 (too large)", send(sv[1], big, sizeof big, 0));
    show("send 30000", send(sv[1], big, 30000, 0));
    show("recv 30000", recv(sv[0], big, sizeof big, 0));
}

static void test_fork(int sv[2]) {
    pid_t pid = spawn();
    if (pid == 0) {
        char buf[64];
        /* the parent blocks in recv, then in poll */
        msleep(50);
        if (send(sv[1], "late", 4, 0) != 4) _exit(1);
        msleep(50);
        if (send(sv[1], "polled", 6, 0) != 6) _exit(2);
        if (recv(sv[1], buf, sizeof buf, 0) != 3 || memcmp(buf, "bye", 3)) _exit(3);
        _exit(0);
    }
    char buf[64] = {0};
    show("blocking recv from child", recv(sv[0], buf, sizeof buf, 0));
    printf("got: %s\n", buf);
    struct pollfd pf = {sv[0], POLLIN | POLLOUT, 0};
    show("poll (writable, not readable)", poll(&pf, 1, 0));
    printf("revents POLLIN=%d POLLOUT=%d POLLHUP=%d\n", !!(pf.revents & POLLIN), !!(pf.revents & POLLOUT),
           !!(pf.revents & POLLHUP));
    pf.events = POLLIN;
    show("poll for child's datagram", poll(&pf, 1, 5000));
    printf("revents POLLIN=%d\n", !!(pf.revents & POLLIN));
    show("recv polled", recv(sv[0], buf, sizeof buf, 0));
    send(sv[0], "bye", 3, 0);
    wait_child("fork child", pid);
}

/* A bound server; a child sends from an unbound socket and from a path,
 * and reads the replies. */
static void test_names(void) {
    int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a;
    socklen_t alen = abstract_addr(&a, ABSTRACT);
    show("bind abstract", bind(srv, (struct sockaddr *)&a, alen));
    int dup_name = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("bind same name", bind(dup_name, (struct sockaddr *)&a, alen));
    close(dup_name);
    pid_t pid = spawn();
    if (pid == 0) {
        int u = socket(AF_UNIX, SOCK_DGRAM, 0);
        if (sendto(u, "anon", 4, 0, (struct sockaddr *)&a, alen) != 4) _exit(1);
        int p = socket(AF_UNIX, SOCK_DGRAM, 0);
        struct sockaddr_un pa;
        socklen_t pl = path_addr(&pa, PATH_NAME);
        if (bind(p, (struct sockaddr *)&pa, pl) != 0) _exit(2);
        if (sendto(p, "named", 5, 0, (struct sockaddr *)&a, alen) != 5) _exit(3);
        char buf[16];
        struct sockaddr_un from;
        socklen_t fl = sizeof from;
        if (recvfrom(p, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) != 5) _exit(4);
        if (memcmp(buf, "reply", 5) || fl != alen || memcmp(&from, &a, alen)) _exit(5);
        _exit(0);
    }
    char buf[64];
    struct sockaddr_un from;
    memset(&from, 0x55, sizeof from);
    socklen_t fl = sizeof from;
    show("recvfrom unbound sender", recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    show_addr("sender", &from, fl);
    memset(&from, 0x55, sizeof from);
    fl = sizeof from;
    show("recvfrom path sender", recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    show_addr("sender", &from, fl);
    show("sendto sender's path", sendto(srv, "reply", 5, 0, (struct sockaddr *)&from, fl));
    wait_child("names child", pid);

    /* recvmsg's msg_name, short room */
    int c = socket(AF_UNIX, SOCK_DGRAM, 0);
    sendto(c, "x", 1, 0, (struct sockaddr *)&a, alen);
    struct sockaddr_un src;
    socklen_t sl = sizeof src;
    getsockname(c, (struct sockaddr *)&src, &sl);
    show_addr("unbound sender's getsockname", &src, sl);
    struct iovec iov = {buf, sizeof buf};
    struct msghdr m = {0};
    m.msg_name = &from;
    m.msg_namelen = sizeof from;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    show("recvmsg from unbound", recvmsg(srv, &m, 0));
    printf("msg_namelen: %u\n", (unsigned)m.msg_namelen);
    struct sockaddr_un cb;
    socklen_t cbl = abstract_addr(&cb, ABSTRACT ".client");
    bind(c, (struct sockaddr *)&cb, cbl);
    sendto(c, "y", 1, 0, (struct sockaddr *)&a, alen);
    m.msg_namelen = 5;
    memset(&from, 0, sizeof from);
    show("recvmsg with 5 bytes for the name", recvmsg(srv, &m, 0));
    printf("msg_namelen: %u, prefix %.2s\n", (unsigned)m.msg_namelen, from.sun_path + 1);

    /* connect: a default peer */
    show("send unconnected", send(c, "z", 1, 0));
    show("getpeername unconnected", getpeername(c, NULL, NULL) < 0 ? -1 : 0);
    show("connect to server", connect(c, (struct sockaddr *)&a, alen));
    struct sockaddr_un pn;
    socklen_t pnl = sizeof pn;
    getpeername(c, (struct sockaddr *)&pn, &pnl);
    show_addr("getpeername", &pn, pnl);
    show("send connected", send(c, "hi", 2, 0));
    show("sendto other address while connected", sendto(c, "hi", 2, 0, (struct sockaddr *)&a, alen));
    fl = sizeof from;
    show("recvfrom", recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    show_addr("sender", &from, fl);
    recv(srv, buf, sizeof buf, 0);
    /* a connected socket takes datagrams from its peer only */
    show("server connects to client", connect(srv, (struct sockaddr *)&cb, cbl));
    int third = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("third sends to connected client", sendto(third, "no", 2, 0, (struct sockaddr *)&cb, cbl));
    show("third connects to connected client", connect(third, (struct sockaddr *)&cb, cbl));
    struct sockaddr unspec = {0};
    unspec.sa_family = AF_UNSPEC;
    show("connect AF_UNSPEC", connect(srv, &unspec, sizeof unspec));
    show("getpeername after AF_UNSPEC", getpeername(srv, NULL, NULL) < 0 ? -1 : 0);
    show("third sends again", sendto(third, "ok", 2, 0, (struct sockaddr *)&cb, cbl));
    show("client receives it", recv(c, buf, sizeof buf, MSG_DONTWAIT));

    /* errors */
    struct sockaddr_un no;
    socklen_t nol = abstract_addr(&no, ABSTRACT ".nobody");
    show("sendto nobody (abstract)", sendto(third, "x", 1, 0, (struct sockaddr *)&no, nol));
    show("connect nobody (abstract)", connect(third, (struct sockaddr *)&no, nol));
    nol = path_addr(&no, "ipc_dgram_test.none");
    show("sendto no such path", sendto(third, "x", 1, 0, (struct sockaddr *)&no, nol));
    show("sendto bad address length", sendto(third, "x", 1, 0, (struct sockaddr *)&no, 1));
    show("listen on dgram", listen(third, 1));
    show("accept on dgram", accept(third, NULL, NULL));
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    show("stream connect to dgram name", connect(st, (struct sockaddr *)&a, alen));
    show("send MSG_OOB", send(c, "x", 1, MSG_OOB));
    close(st);
    close(third);
    close(c);
    close(srv);
    unlink(PATH_NAME);
}

/* A server that is not connected back holds 11 datagrams (Linux's
 * max_dgram_qlen 10); a connected sender then polls unwritable. */
static void test_queue(void) {
    int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a;
    socklen_t alen = abstract_addr(&a, ABSTRACT ".q");
    bind(srv, (struct sockaddr *)&a, alen);
    int c = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    connect(c, (struct sockaddr *)&a, alen);
    int n = 0;
    while (n < 1000 && send(c, "q", 1, 0) == 1) n++;
    printf("queued before EAGAIN: %d (%s)\n", n, en(errno));
    struct pollfd pf = {c, POLLOUT, 0};
    show("poll POLLOUT on full peer", poll(&pf, 1, 0));
    char buf[8];
    recv(srv, buf, sizeof buf, 0);
    show("send after one recv", send(c, "q", 1, 0));
    show("send MSG_DONTWAIT when full", send(c, "q", 1, 0));
    /* a blocking sender waits for the server to drain */
    pid_t pid = spawn();
    if (pid == 0) {
        int b = socket(AF_UNIX, SOCK_DGRAM, 0);
        for (int i = 0; i < 5; i++)
            if (sendto(b, "w", 1, 0, (struct sockaddr *)&a, alen) != 1) _exit(1);
        _exit(0);
    }
    msleep(50);
    int got = 0;
    while (got < 16 && recv(srv, buf, sizeof buf, 0) == 1) {
        got++;
        if (got == 16) break;
    }
    printf("received: %d\n", got);
    wait_child("blocked sender", pid);
    close(c);
    close(srv);
}

static void test_shutdown_close(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    send(sv[1], "before", 6, 0);
    show("shutdown SHUT_RD", shutdown(sv[0], SHUT_RD));
    show("peer send after SHUT_RD", send(sv[1], "x", 1, 0));
    char buf[16];
    show("recv queued after SHUT_RD", recv(sv[0], buf, sizeof buf, 0));
    show("recv empty after SHUT_RD", recv(sv[0], buf, sizeof buf, 0));
    show("recv empty after SHUT_RD MSG_DONTWAIT", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
    struct pollfd pf = {sv[0], POLLIN | POLLOUT | POLLRDHUP, 0};
    poll(&pf, 1, 0);
    printf("revents POLLIN=%d POLLOUT=%d POLLHUP=%d POLLRDHUP=%d\n", !!(pf.revents & POLLIN),
           !!(pf.revents & POLLOUT), !!(pf.revents & POLLHUP), !!(pf.revents & POLLRDHUP));
    show("shutdown SHUT_WR", shutdown(sv[1], SHUT_WR));
    show("send after own SHUT_WR", send(sv[1], "x", 1, 0));
    show("shutdown bad how", shutdown(sv[1], 9));
    close(sv[0]);
    close(sv[1]);

    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    close(sv[1]);
    show("send to closed peer", send(sv[0], "x", 1, 0));
    show("send again (disconnected)", send(sv[0], "x", 1, 0));
    show("recv MSG_DONTWAIT, peer closed", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
    close(sv[0]);
}

/* Receives one message with room for `room` fds; prints what came. */
static int recv_fds(const char *label, int s, int room, int flags, int *out) {
    char ctl[CMSG_SPACE(4 * sizeof(int))];
    char buf[32] = {0};
    struct iovec iov = {buf, sizeof buf - 1};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = room ? CMSG_LEN(room * sizeof(int)) : 0; /* exactly `room` fds fit */
    long r = recvmsg(s, &m, flags);
    if (r < 0) return (int)show(label, r);
    int n = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            memcpy(out, CMSG_DATA(c), n * sizeof(int));
        }
    /* cmsghdr is 16 bytes natively and 12 in a cage: print what follows it */
    long data = m.msg_controllen ? (long)m.msg_controllen - (long)CMSG_LEN(0) : -1;
    printf("%s: %ld \"%s\" fds=%d control data=%ld MSG_CTRUNC=%d\n", label, r, buf, n, data,
           (m.msg_flags & MSG_CTRUNC) != 0);
    return n;
}

static void test_rights(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    pid_t pid = spawn();
    if (pid == 0) {
        /* a pipe made here; its read end goes to the parent */
        int p[2];
        if (pipe(p) != 0) _exit(1);
        if (write(p[1], "through the pipe", 16) != 16) _exit(2);
        if (send_fds(sv[1], "pipe", 4, &p[0], 1) != 4) _exit(3);
        close(p[0]);
        close(p[1]);
        /* a socket of a new pair, then two pipe ends with room for one */
        int q[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, q);
        if (send_fds(sv[1], "sock", 4, &q[1], 1) != 4) _exit(4);
        close(q[1]);
        if (write(q[0], "over the socket", 15) != 15) _exit(5);
        int r[2];
        pipe(r);
        if (send_fds(sv[1], "two", 3, r, 2) != 3) _exit(6);
        if (send_fds(sv[1], "none", 4, r, 1) != 4) _exit(7);
        /* the read end closed before the write end goes: once the parent
         * has the last message, no reader is left anywhere */
        close(r[0]);
        if (send_fds(sv[1], "peek", 4, &r[1], 1) != 4) _exit(8);
        close(r[1]);
        char c;
        if (recv(sv[1], &c, 1, 0) != 1) _exit(9); /* wait for the parent */
        close(q[0]);
        _exit(0);
    }
    close(sv[1]);
    int fds[4];
    char buf[32] = {0};
    if (recv_fds("recvmsg pipe", sv[0], 1, 0, fds) == 1) {
        int cx = fcntl(fds[0], F_GETFD);
        printf("received fd FD_CLOEXEC: %d\n", cx & FD_CLOEXEC);
        show("read passed pipe", read(fds[0], buf, sizeof buf - 1));
        printf("got: %s\n", buf);
        show("read passed pipe again (EOF)", read(fds[0], buf, sizeof buf));
        close(fds[0]);
    }
    if (recv_fds("recvmsg sock MSG_CMSG_CLOEXEC", sv[0], 1, MSG_CMSG_CLOEXEC, fds) == 1) {
        printf("received fd FD_CLOEXEC: %d\n", fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
        memset(buf, 0, sizeof buf);
        show("read passed socket", read(fds[0], buf, 15));
        printf("got: %s\n", buf);
        struct stat st;
        fstat(fds[0], &st);
        printf("passed fd S_ISSOCK: %d\n", S_ISSOCK(st.st_mode));
        close(fds[0]);
    }
    int n = recv_fds("recvmsg two with room for one", sv[0], 1, 0, fds);
    for (int i = 0; i < n; i++) close(fds[i]);
    n = recv_fds("recvmsg without control buffer", sv[0], 0, 0, fds);
    n = recv_fds("recvmsg MSG_PEEK", sv[0], 1, MSG_PEEK, fds);
    for (int i = 0; i < n; i++) close(fds[i]);
    n = recv_fds("recvmsg after peek", sv[0], 1, 0, fds);
    if (n == 1) {
        show("write to passed pipe end (reader gone)", write(fds[0], "x", 1));
        close(fds[0]);
    }
    send(sv[0], "k", 1, 0);
    wait_child("rights child", pid);

    /* an fd that is not open */
    int bad = 1000;
    show("sendmsg SCM_RIGHTS bad fd", send_fds(sv[0], "bad", 3, &bad, 1));
    close(sv[0]);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    int sv[2];
    if (show("socketpair SOCK_DGRAM", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)) < 0) return 1;
    test_boundaries(sv);
    test_fork(sv);
    close(sv[0]);
    close(sv[1]);
    test_names();
    test_queue();
    test_shutdown_close();
    test_rights();
    printf("done\n");
    return 0;
}
