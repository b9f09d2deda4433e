/* AF_UNIX sockets served by ipc-grate, between a parent and its forked
 * children: socketpair, listening sockets on abstract and path names with
 * accept/accept4, shutdown and EOF, EPIPE and SIGPIPE, ECONNREFUSED,
 * EADDRINUSE, nonblocking EAGAIN, getsockname/getpeername, poll, fstat,
 * readv/writev, sendmsg/recvmsg, SOCK_SEQPACKET records and a large
 * transfer.
 *
 * The expected output, ipc_socket_test.out, was recorded from a NATIVE
 * run of this same file on Linux (cc -o t ipc_socket_test.c && ./t): the
 * grate must behave as the kernel does. Only the parent prints; children
 * report through the sockets or their exit status. Without the grate the
 * first socket() fails (ENOSYS) and the program stops with status 1. */
#define _GNU_SOURCE /* accept4 */
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

#define PATH_NAME "ipc_socket_test.sock"
#define PATH_IDLE "ipc_socket_test.idle"
#define ABSTRACT "lind-ipc-socket-test"

static void show_name(const char *label, int fd, int peer) {
    struct sockaddr_un a;
    memset(&a, 0x55, sizeof a);
    socklen_t len = sizeof a;
    int r = peer ? getpeername(fd, (struct sockaddr *)&a, &len) : getsockname(fd, (struct sockaddr *)&a, &len);
    if (r < 0) show(label, r);
    else show_addr(label, &a, len);
}

/* Reads exactly n bytes (or up to EOF). */
static long read_all(int fd, char *buf, long n) {
    long got = 0;
    while (got < n) {
        long r = read(fd, buf + got, (size_t)(n - got));
        if (r <= 0) return got ? got : r;
        got += r;
    }
    return got;
}

static void test_socketpair(void) {
    int sv[2];
    if (show("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) < 0) return;
    struct stat st;
    fstat(sv[0], &st);
    printf("fstat S_ISSOCK: %d\n", S_ISSOCK(st.st_mode));
    printf("F_GETFL O_RDWR: %d\n", (fcntl(sv[0], F_GETFL) & O_ACCMODE) == O_RDWR);
    int type = 0;
    socklen_t tl = sizeof type;
    show("SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &tl) < 0 ? -1 : type);
    show_name("socketpair getsockname", sv[0], 0);
    show_name("socketpair getpeername", sv[0], 1);

    pid_t pid = spawn();
    if (pid == 0) {
        close(sv[0]);
        char buf[16] = {0};
        if (read(sv[1], buf, 5) != 5 || strcmp(buf, "hello")) _exit(1);
        if (write(sv[1], "world", 5) != 5) _exit(2);
        if (shutdown(sv[1], SHUT_WR) != 0) _exit(3);
        /* the parent's reply, then its EOF */
        if (read_all(sv[1], buf, 3) != 3 || memcmp(buf, "ack", 3)) _exit(4);
        if (read(sv[1], buf, 1) != 0) _exit(5);
        _exit(0);
    }
    close(sv[1]);
    show("write hello", write(sv[0], "hello", 5));
    char buf[16] = {0};
    show("read world", read_all(sv[0], buf, 5));
    printf("got: %s\n", buf);
    show("read after peer SHUT_WR (EOF)", read(sv[0], buf, sizeof buf));
    show("write after peer SHUT_WR", write(sv[0], "ack", 3));
    show("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
    show("write after own SHUT_WR (SIGPIPE ignored)", write(sv[0], "x", 1));
    show("shutdown bad how", shutdown(sv[0], 7));
    wait_child("socketpair child", pid);
    close(sv[0]);
}

static void test_epipe(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    show("write to closed peer", write(sv[0], "x", 1));
    show("send MSG_NOSIGNAL to closed peer", send(sv[0], "x", 1, MSG_NOSIGNAL));
    char c;
    show("read from closed peer (EOF)", read(sv[0], &c, 1));
    close(sv[0]);

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    show("shutdown SHUT_RD", shutdown(sv[0], SHUT_RD));
    show("peer write after SHUT_RD", write(sv[1], "x", 1));
    show("read after own SHUT_RD", read(sv[0], &c, 1));
    close(sv[0]);
    close(sv[1]);

    /* default SIGPIPE: the writer dies of it */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    pid_t pid = spawn();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        write(sv[0], "x", 1);
        _exit(0);
    }
    wait_child("SIGPIPE child", pid);
    close(sv[0]);
}

static void test_nonblock(void) {
    int sv[2];
    show("socketpair SOCK_NONBLOCK|SOCK_CLOEXEC",
         socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv));
    printf("O_NONBLOCK: %d FD_CLOEXEC: %d\n", (fcntl(sv[0], F_GETFL) & O_NONBLOCK) != 0,
           fcntl(sv[0], F_GETFD) & FD_CLOEXEC);
    char c;
    show("read empty nonblocking", read(sv[0], &c, 1));
    close(sv[0]);
    close(sv[1]);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    show("recv MSG_DONTWAIT empty", recv(sv[0], &c, 1, MSG_DONTWAIT));
    send(sv[1], "abc", 3, 0);
    int n = -1;
    ioctl(sv[0], FIONREAD, &n);
    printf("FIONREAD: %d\n", n);
    char buf[8] = {0};
    show("recv MSG_PEEK", recv(sv[0], buf, sizeof buf, MSG_PEEK));
    show("recv after peek", recv(sv[0], buf, sizeof buf, 0));
    printf("got: %.3s\n", buf);
    close(sv[0]);
    close(sv[1]);
}

static void test_errors(void) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    show("listen unbound", listen(s, 1));
    show("getpeername unconnected", getpeername(s, NULL, NULL) < 0 ? -1 : 0);
    char c;
    show("recv unconnected", recv(s, &c, 1, 0));
    show("send unconnected", send(s, "x", 1, 0));
    show("accept not listening", accept(s, NULL, NULL));
    struct sockaddr_un a;
    socklen_t len = abstract_addr(&a, ABSTRACT ".nobody");
    show("connect nobody (abstract)", connect(s, (struct sockaddr *)&a, len));
    len = path_addr(&a, "ipc_socket_test.none");
    show("connect no such path", connect(s, (struct sockaddr *)&a, len));
    show("socket bad flags", socket(AF_UNIX, SOCK_STREAM | 0x10000000, 0));
    show("socket bad protocol", socket(AF_UNIX, SOCK_STREAM, 7));
    close(s);
    int p[2];
    pipe(p);
    show("bind on a pipe fd", bind(p[0], (struct sockaddr *)&a, len));
    show("shutdown on a pipe fd", shutdown(p[0], SHUT_RD));
    close(p[0]);
    close(p[1]);
}

/* The child end of test_listen: connects, reports what it saw, echoes. */
static void connect_child(const struct sockaddr_un *a, socklen_t len) {
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c, (const struct sockaddr *)a, len) != 0) _exit(10);
    struct sockaddr_un pa;
    socklen_t pl = sizeof pa;
    if (getpeername(c, (struct sockaddr *)&pa, &pl) != 0) _exit(11);
    char msg[200];
    int same = pl > 2 && !memcmp(pa.sun_path, a->sun_path, pl - 2);
    int n = snprintf(msg, sizeof msg, "peer len=%u name matches=%d", (unsigned)pl, same);
    if (send(c, msg, (size_t)n, 0) != n) _exit(12);
    char buf[64];
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    long r = recvfrom(c, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    if (r != 4 || memcmp(buf, "pong", 4)) _exit(13);
    if (fl != pl || memcmp(&from, &pa, fl)) _exit(14);
    if (recv(c, buf, 1, 0) != 0) _exit(15); /* server closed */
    _exit(0);
}

static void serve_one(const char *label, int l, int flags) {
    struct sockaddr_un pa;
    memset(&pa, 0x55, sizeof pa);
    socklen_t pl = sizeof pa;
    int c = flags >= 0 ? accept4(l, (struct sockaddr *)&pa, &pl, flags) : accept(l, (struct sockaddr *)&pa, &pl);
    if (show(label, c < 0 ? -1 : 0) < 0) return;
    show_addr("accepted peer", &pa, pl);
    show_name("accepted getsockname", c, 0);
    show_name("accepted getpeername", c, 1);
    if (flags >= 0)
        printf("accept4 O_NONBLOCK: %d FD_CLOEXEC: %d\n", (fcntl(c, F_GETFL) & O_NONBLOCK) != 0,
               fcntl(c, F_GETFD) & FD_CLOEXEC);
    struct pollfd pfd = {c, POLLIN, 0};
    poll(&pfd, 1, -1);
    char msg[200] = {0};
    long n = recv(c, msg, sizeof msg - 1, 0);
    printf("child says: %s\n", n > 0 ? msg : "(nothing)");
    show("send pong", send(c, "pong", 4, 0));
    close(c);
}

static void test_listen(void) {
    /* abstract name */
    struct sockaddr_un a;
    socklen_t len = abstract_addr(&a, ABSTRACT);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind abstract", bind(l, (struct sockaddr *)&a, len));
    show("bind again", bind(l, (struct sockaddr *)&a, len));
    int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind abstract in use", bind(l2, (struct sockaddr *)&a, len));
    close(l2);
    show("connect bound, not listening", connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a, len));
    show("listen", listen(l, 4));
    int v = 0;
    socklen_t vl = sizeof v;
    getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
    printf("SO_ACCEPTCONN: %d\n", v);
    show_name("listener getsockname", l, 0);
    struct pollfd pfd = {l, POLLIN, 0};
    show("poll listener, none pending", poll(&pfd, 1, 0));
    pid_t pid = spawn();
    if (pid == 0) connect_child(&a, len);
    show("poll listener, child connecting", poll(&pfd, 1, -1));
    printf("revents POLLIN: %d\n", (pfd.revents & POLLIN) != 0);
    serve_one("accept", l, -1);
    wait_child("abstract child", pid);
    close(l);

    /* path name (natively a socket file in the cwd; removed again) */
    unlink(PATH_NAME);
    unlink(PATH_IDLE);
    len = path_addr(&a, PATH_NAME);
    l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    show("bind path", bind(l, (struct sockaddr *)&a, len));
    l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind path in use", bind(l2, (struct sockaddr *)&a, len));
    close(l2);
    show("listen path", listen(l, 4));
    show_name("path listener getsockname", l, 0);
    show("accept nonblocking, none pending", accept(l, NULL, NULL));
    pid = spawn();
    if (pid == 0) connect_child(&a, len);
    pfd = (struct pollfd){l, POLLIN, 0};
    poll(&pfd, 1, -1);
    serve_one("accept4", l, SOCK_NONBLOCK | SOCK_CLOEXEC);
    wait_child("path child", pid);
    close(l);
    unlink(PATH_NAME);

    /* a path bound by a socket that does not listen */
    int idle = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un b;
    socklen_t blen = path_addr(&b, PATH_IDLE);
    bind(idle, (struct sockaddr *)&b, blen);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect path not listening", connect(c, (struct sockaddr *)&b, blen));
    close(c);
    close(idle);
    unlink(PATH_IDLE);

    /* connecting twice; data sent before accept waits for the server */
    len = abstract_addr(&a, ABSTRACT ".2");
    l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, len);
    listen(l, 4);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect", connect(c, (struct sockaddr *)&a, len));
    show("connect again", connect(c, (struct sockaddr *)&a, len));
    show("send before accept", send(c, "early", 5, 0));
    close(c);
    int s = accept(l, NULL, NULL);
    char buf[16] = {0};
    show("read early data", read(s, buf, sizeof buf));
    printf("got: %s\n", buf);
    show("then EOF", read(s, buf, sizeof buf));
    close(s);
    close(l);
}

static void test_poll(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct pollfd p = {sv[0], POLLIN | POLLOUT, 0};
    show("poll fresh", poll(&p, 1, 0));
    printf("revents: IN=%d OUT=%d HUP=%d\n", !!(p.revents & POLLIN), !!(p.revents & POLLOUT), !!(p.revents & POLLHUP));
    pid_t pid = spawn();
    if (pid == 0) {
        msleep(50);
        write(sv[1], "z", 1);
        msleep(50);
        _exit(0);
    }
    p = (struct pollfd){sv[0], POLLIN, 0};
    show("poll blocking until the child writes", poll(&p, 1, 5000));
    printf("revents: IN=%d HUP=%d\n", !!(p.revents & POLLIN), !!(p.revents & POLLHUP));
    char c;
    read(sv[0], &c, 1);
    close(sv[1]);
    wait_child("poll child", pid);
    p = (struct pollfd){sv[0], POLLIN, 0};
    show("poll after peer closed", poll(&p, 1, 0));
    printf("revents: IN=%d HUP=%d\n", !!(p.revents & POLLIN), !!(p.revents & POLLHUP));
    close(sv[0]);
}

static void test_msg(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct iovec out[2] = {{"abc", 3}, {"defg", 4}};
    show("writev", writev(sv[1], out, 2));
    char x[2] = {0}, y[8] = {0};
    struct iovec in[2] = {{x, 2}, {y, 8}};
    struct sockaddr_un from;
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_name = &from;
    m.msg_namelen = sizeof from;
    m.msg_iov = in;
    m.msg_iovlen = 2;
    show("recvmsg", recvmsg(sv[0], &m, 0));
    printf("iov: %.2s %s namelen=%u flags=%d\n", x, y, (unsigned)m.msg_namelen, m.msg_flags);
    struct msghdr sm;
    memset(&sm, 0, sizeof sm);
    struct iovec one = {"sendmsg", 7};
    sm.msg_iov = &one;
    sm.msg_iovlen = 1;
    show("sendmsg", sendmsg(sv[0], &sm, 0));
    char buf[16] = {0};
    struct iovec rd = {buf, sizeof buf};
    show("readv", readv(sv[1], &rd, 1));
    printf("got: %s\n", buf);
    close(sv[0]);
    close(sv[1]);

    /* records */
    show("socketpair SOCK_SEQPACKET", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
    int type = 0;
    socklen_t tl = sizeof type;
    getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &tl);
    printf("SO_TYPE: %d\n", type);
    send(sv[0], "abc", 3, 0);
    send(sv[0], "defgh", 5, 0);
    send(sv[0], "0123456789", 10, 0);
    send(sv[0], "tail", 4, 0);
    memset(buf, 0, sizeof buf);
    show("record 1", recv(sv[1], buf, sizeof buf, 0));
    show("record 2", recv(sv[1], buf, sizeof buf, 0));
    printf("got: %s\n", buf);
    memset(buf, 0, sizeof buf);
    struct iovec small = {buf, 4};
    memset(&m, 0, sizeof m);
    m.msg_iov = &small;
    m.msg_iovlen = 1;
    show("record 3 into 4 bytes", recvmsg(sv[1], &m, 0));
    printf("got: %s MSG_TRUNC=%d\n", buf, !!(m.msg_flags & MSG_TRUNC));
    memset(buf, 0, sizeof buf);
    show("record 4", recv(sv[1], buf, sizeof buf, 0));
    printf("got: %s\n", buf);
    close(sv[0]);
    show("record after close (EOF)", recv(sv[1], buf, sizeof buf, 0));
    close(sv[1]);
}

static void test_bulk(void) {
    enum { TOTAL = 200000 };
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t pid = spawn();
    if (pid == 0) {
        close(sv[0]);
        static char big[TOTAL];
        for (int i = 0; i < TOTAL; i++) big[i] = (char)(i * 7 + i / 251);
        _exit(write(sv[1], big, TOTAL) == TOTAL ? 0 : 1);
    }
    close(sv[1]);
    static char got[TOTAL + 1];
    long n = recv(sv[0], got, TOTAL, MSG_WAITALL);
    unsigned long long sum = 0; /* 64-bit on both sides */
    int ok = 1;
    for (long i = 0; i < n; i++) {
        sum = sum * 31 + (unsigned char)got[i];
        if (got[i] != (char)(i * 7 + i / 251)) ok = 0;
    }
    printf("bulk: %ld bytes, intact=%d, sum=%llu\n", n, ok, sum % 1000003);
    show("bulk EOF", read(sv[0], got, 1));
    wait_child("bulk child", pid);
    close(sv[0]);
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (show("socket AF_UNIX", s < 0 ? -1 : 0) < 0) return 1;
    close(s);
    test_socketpair();
    test_epipe();
    test_nonblock();
    test_errors();
    test_listen();
    test_poll();
    test_msg();
    test_bulk();
    printf("done\n");
    return 0;
}
