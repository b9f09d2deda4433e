/* SCM_RIGHTS on AF_UNIX SOCK_STREAM sockets and ECONNRESET, served by
 * ipc-grate, within one cage and between a parent and forked children.
 *
 * Fd passing on a stream: the fds go with the bytes of the sendmsg that
 * carried them; a read that takes any of those bytes gets them and ends
 * at the end of that sendmsg's bytes at the latest (bytes before them
 * are read in the same call); read()/recv() close the fds they take;
 * MSG_PEEK shows the first pending fds; MSG_CTRUNC, MSG_CMSG_CLOEXEC,
 * MSG_WAITALL; an fd sent with no bytes is not delivered; fds still
 * queued when the receiving socket closes are closed.
 *
 * ECONNRESET: a socket closed with unread bytes, or a connection its
 * listener closed before accepting it, gives the peer ECONNRESET once
 * (read, SO_ERROR, POLLERR), then EOF; its writes give EPIPE. A
 * SOCK_SEQPACKET socket reports it before its queued data, and on send.
 *
 * The expected output, ipc_rights_test.out, was recorded from a NATIVE
 * run of this same file on Linux (cc -o t ipc_rights_test.c && ./t): the
 * grate must behave as the kernel does. Only the parent prints; children
 * report through sockets or their exit status. Everything is ordered by
 * the sockets themselves or waitpid. Without the grate the first
 * socketpair() fails (ENOSYS) and the program stops with status 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sock_test.h"

#define ABSTRACT "lind-ipc-rights-test"

/* One recvmsg of at most len bytes with room for `room` fds (0: no
 * control buffer); prints what came and returns the fd count. */
static int recv_fds(const char *label, int s, size_t len, int room, int flags, int *out) {
    char ctl[CMSG_SPACE(4 * sizeof(int))];
    char buf[64] = {0};
    struct iovec iov = {buf, len < sizeof buf ? len : sizeof buf - 1};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = room ? ctl : NULL;
    m.msg_controllen = room ? CMSG_LEN(room * sizeof(int)) : 0;
    long r = recvmsg(s, &m, flags);
    if (r < 0) return (int)show(label, r);
    int n = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            memcpy(out, CMSG_DATA(c), n * sizeof(int));
        }
    printf("%s: %ld \"%.*s\" fds=%d MSG_CTRUNC=%d MSG_CMSG_CLOEXEC=%d\n", label, r, (int)(r > 0 ? r : 0), buf, n,
           (m.msg_flags & MSG_CTRUNC) != 0, (m.msg_flags & MSG_CMSG_CLOEXEC) != 0);
    return n;
}

static void close_all(const int *fds, int n) {
    for (int i = 0; i < n; i++) close(fds[i]);
}

/* Whether the pipe read end rd sees EOF now (its last writer closed). */
static void show_eof(const char *label, int rd) {
    char c;
    int fl = fcntl(rd, F_GETFL);
    fcntl(rd, F_SETFL, fl | O_NONBLOCK);
    show(label, read(rd, &c, 1));
    fcntl(rd, F_SETFL, fl);
}

static void show_poll(const char *label, int fd) {
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    int r = poll(&p, 1, 0);
    printf("%s: %d IN=%d OUT=%d ERR=%d HUP=%d\n", label, r, !!(p.revents & POLLIN), !!(p.revents & POLLOUT),
           !!(p.revents & POLLERR), !!(p.revents & POLLHUP));
}

static void show_soerror(const char *label, int fd) {
    int e = -1;
    socklen_t len = sizeof e;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0) show(label, -1);
    else printf("%s: %s\n", label, e ? en(e) : "0");
}

/* A child sends a pipe read end and a socket over a stream; each fd set
 * comes with its own bytes, one recvmsg each. */
static void test_from_child(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t pid = spawn();
    if (pid == 0) {
        close(sv[0]);
        int p[2], q[2];
        if (pipe(p) != 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, q) != 0) _exit(1);
        if (write(p[1], "through the pipe", 16) != 16) _exit(2);
        close(p[1]);
        if (send_fds(sv[1], "aaa", 3, &p[0], 1) != 3) _exit(3);
        if (send_fds(sv[1], "bbb", 3, &q[1], 1) != 3) _exit(4);
        close(p[0]);
        close(q[1]);
        if (write(q[0], "over the socket", 15) != 15) _exit(5);
        char c;
        if (recv(sv[1], &c, 1, 0) != 1) _exit(6); /* the parent is done */
        _exit(0);
    }
    close(sv[1]);
    int fds[4];
    char buf[32] = {0};
    if (recv_fds("recvmsg 100 (aaa + pipe, bbb + socket queued)", sv[0], 100, 4, 0, fds) == 1) {
        show("read passed pipe", read(fds[0], buf, sizeof buf - 1));
        printf("got: %s\n", buf);
        show("read passed pipe again (EOF)", read(fds[0], buf, sizeof buf));
        close(fds[0]);
    }
    if (recv_fds("recvmsg 100 again", sv[0], 100, 4, 0, fds) == 1) {
        struct stat st;
        fstat(fds[0], &st);
        printf("passed fd S_ISSOCK: %d\n", S_ISSOCK(st.st_mode));
        memset(buf, 0, sizeof buf);
        show("read passed socket", read(fds[0], buf, 15));
        printf("got: %s\n", buf);
        close(fds[0]);
    }
    send(sv[0], "k", 1, 0);
    wait_child("from child", pid);
    close(sv[0]);
}

/* The parent sends a pipe write end to a child, which writes through it. */
static void test_to_child(void) {
    int sv[2], p[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    pid_t pid = spawn();
    if (pid == 0) {
        close(sv[0]);
        close(p[0]);
        close(p[1]);
        char ctl[CMSG_SPACE(sizeof(int))];
        char buf[8];
        struct iovec iov = {buf, sizeof buf};
        struct msghdr m = {0};
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        m.msg_control = ctl;
        m.msg_controllen = sizeof ctl;
        if (recvmsg(sv[1], &m, 0) != 4) _exit(1);
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        if (!c || c->cmsg_type != SCM_RIGHTS) _exit(2);
        int fd;
        memcpy(&fd, CMSG_DATA(c), sizeof fd);
        if (write(fd, "from the child", 14) != 14) _exit(3);
        _exit(0);
    }
    close(sv[1]);
    show("sendmsg pipe write end to child", send_fds(sv[0], "pipe", 4, &p[1], 1));
    close(p[1]);
    char buf[32] = {0};
    show("read pipe", read(p[0], buf, sizeof buf - 1));
    printf("got: %s\n", buf);
    wait_child("to child", pid);
    show("read pipe after child (EOF)", read(p[0], buf, sizeof buf));
    close(p[0]);
    close(sv[0]);
}

/* Where a read stops, what read()/recv() do with fds, MSG_PEEK,
 * MSG_WAITALL, the control buffer, an fd sent with no bytes. */
static void test_boundaries(void) {
    int sv[2], p[2], q[2], fds[4];
    char buf[128];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    pipe(q);

    show("send xx", send(sv[0], "xx", 2, 0));
    show("sendmsg yy + fd", send_fds(sv[0], "yy", 2, &p[0], 1));
    show("send zz", send(sv[0], "zz", 2, 0));
    int n = -1;
    ioctl(sv[1], FIONREAD, &n);
    printf("FIONREAD: %d\n", n);
    close_all(fds, recv_fds("recvmsg 100 (bytes before the fds too)", sv[1], 100, 4, 0, fds));
    close_all(fds, recv_fds("recvmsg 100 (after the fds)", sv[1], 100, 4, 0, fds));

    send(sv[0], "xx", 2, 0);
    send_fds(sv[0], "yyyy", 4, &p[0], 1);
    send(sv[0], "zz", 2, 0);
    close_all(fds, recv_fds("recvmsg 3 (one byte of the segment)", sv[1], 3, 4, 0, fds));
    close_all(fds, recv_fds("recvmsg 100 (rest, fds gone)", sv[1], 100, 4, 0, fds));

    send(sv[0], "xx", 2, 0);
    send_fds(sv[0], "yy", 2, &p[0], 1);
    close_all(fds, recv_fds("recvmsg 2 (ends before the segment)", sv[1], 2, 4, 0, fds));
    close_all(fds, recv_fds("recvmsg 100", sv[1], 100, 4, 0, fds));

    /* MSG_PEEK shows the first fds even if the bytes stop before them */
    send(sv[0], "xx", 2, 0);
    send(sv[0], "zz", 2, 0);
    send_fds(sv[0], "yy", 2, &p[0], 1);
    send_fds(sv[0], "ww", 2, &q[0], 1);
    close_all(fds, recv_fds("peek 1", sv[1], 1, 4, MSG_PEEK, fds));
    close_all(fds, recv_fds("peek 100", sv[1], 100, 4, MSG_PEEK, fds));
    close_all(fds, recv_fds("recvmsg 1", sv[1], 1, 4, 0, fds));
    close_all(fds, recv_fds("recvmsg 100", sv[1], 100, 4, 0, fds));
    close_all(fds, recv_fds("peek 100 (ww)", sv[1], 100, 4, MSG_PEEK, fds));
    close_all(fds, recv_fds("recvmsg without control buffer", sv[1], 100, 0, 0, fds));

    /* two fds, room for one; MSG_CMSG_CLOEXEC */
    int two[2] = {p[0], q[0]};
    send_fds(sv[0], "ab", 2, two, 2);
    close_all(fds, recv_fds("recvmsg two fds, room for one", sv[1], 100, 1, 0, fds));
    send_fds(sv[0], "cd", 2, &p[0], 1);
    n = recv_fds("recvmsg MSG_CMSG_CLOEXEC", sv[1], 100, 4, MSG_CMSG_CLOEXEC, fds);
    if (n == 1) printf("received fd FD_CLOEXEC: %d\n", fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
    close_all(fds, n);

    /* MSG_WAITALL ends with the fds */
    send_fds(sv[0], "ab", 2, &p[0], 1);
    send(sv[0], "cd", 2, 0);
    close_all(fds, recv_fds("recvmsg 4 MSG_WAITALL", sv[1], 4, 4, MSG_WAITALL, fds));
    close_all(fds, recv_fds("recvmsg 2 MSG_WAITALL", sv[1], 2, 4, MSG_WAITALL, fds));

    /* read() and recv() stop at the segment's end and close its fds: the
     * passed write end is the pipe's last writer */
    int r[2];
    pipe(r);
    send(sv[0], "q", 1, 0);
    send_fds(sv[0], "aaa", 3, &r[1], 1);
    close(r[1]);
    send(sv[0], "bbb", 3, 0);
    show("read 100", read(sv[1], buf, 100));
    show_eof("pipe read end: fds dropped by read", r[0]);
    show("read 100 again", read(sv[1], buf, 100));
    close(r[0]);
    pipe(r);
    send_fds(sv[0], "ccc", 3, &r[1], 1);
    close(r[1]);
    send(sv[0], "ddd", 3, 0);
    show("recv 100", recv(sv[1], buf, 100, 0));
    show_eof("pipe read end: fds dropped by recv", r[0]);
    show("recv 100 again", recv(sv[1], buf, 100, 0));
    close(r[0]);

    /* no bytes, no fds */
    pipe(r);
    show("sendmsg 0 bytes + fd", send_fds(sv[0], "", 0, &r[1], 1));
    close(r[1]);
    show_eof("pipe read end: fd not sent", r[0]);
    close(r[0]);
    send(sv[0], "after", 5, 0);
    close_all(fds, recv_fds("recvmsg after the empty sendmsg", sv[1], 100, 4, MSG_DONTWAIT, fds));

    int bad = 1000;
    show("sendmsg bad fd", send_fds(sv[0], "bad", 3, &bad, 1));
    show("nothing queued", recv(sv[1], buf, 100, MSG_DONTWAIT));
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    close(sv[0]);
    close(sv[1]);
}

/* Fds still queued when the receiving socket closes are closed. */
static void test_queued_closed(void) {
    int sv[2], r[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(r);
    send_fds(sv[0], "never read", 10, &r[1], 1);
    close(r[1]);
    show_eof("pipe read end: fd in flight", r[0]);
    close(sv[1]);
    show_eof("pipe read end: receiver closed", r[0]);
    show("recv after peer closed with unread bytes", recv(sv[0], r, 1, 0));
    close(r[0]);
    close(sv[0]);
}

static void test_reset(int type, const char *name) {
    int sv[2];
    char buf[128];
    printf("-- %s\n", name);
    socketpair(AF_UNIX, type, 0, sv);
    send(sv[0], "unread", 6, 0);
    send(sv[1], "for0", 4, 0);
    close(sv[1]);
    show_poll("poll", sv[0]);
    show("recv", recv(sv[0], buf, sizeof buf, 0));
    show("recv", recv(sv[0], buf, sizeof buf, 0));
    show("recv", recv(sv[0], buf, sizeof buf, 0));
    show_poll("poll", sv[0]);
    close(sv[0]);

    socketpair(AF_UNIX, type, 0, sv);
    send(sv[0], "unread", 6, 0);
    close(sv[1]);
    show("send", send(sv[0], "x", 1, 0));
    show("recv", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
    show("recv", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
    close(sv[0]);

    socketpair(AF_UNIX, type, 0, sv);
    send(sv[0], "unread", 6, 0);
    close(sv[1]);
    show_soerror("SO_ERROR", sv[0]);
    show_soerror("SO_ERROR again", sv[0]);
    show("recv", recv(sv[0], buf, sizeof buf, 0));
    close(sv[0]);

    socketpair(AF_UNIX, type, 0, sv);
    send(sv[0], "read", 4, 0);
    recv(sv[1], buf, sizeof buf, 0);
    close(sv[1]);
    show("recv, everything was read", recv(sv[0], buf, sizeof buf, 0));
    close(sv[0]);

    socketpair(AF_UNIX, type, 0, sv);
    send(sv[0], "unread", 6, 0);
    shutdown(sv[1], SHUT_RD);
    show("recv after SHUT_RD, before close", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
    close(sv[1]);
    show("recv MSG_PEEK after close", recv(sv[0], buf, sizeof buf, MSG_PEEK));
    show("recv", recv(sv[0], buf, sizeof buf, 0));
    close(sv[0]);

    socketpair(AF_UNIX, type, 0, sv);
    send(sv[1], "ab", 2, 0);
    send(sv[0], "unread", 6, 0);
    close(sv[1]);
    show("recv 10 MSG_WAITALL", recv(sv[0], buf, 10, MSG_WAITALL));
    show("recv", read(sv[0], buf, 10));
    close(sv[0]);

    /* a listener closed with two connections not accepted; one accepted
     * and closed with bytes unread */
    struct sockaddr_un a;
    socklen_t al = abstract_addr(&a, ABSTRACT);
    int l = socket(AF_UNIX, type, 0);
    bind(l, (struct sockaddr *)&a, al);
    listen(l, 5);
    int c = socket(AF_UNIX, type, 0), c2 = socket(AF_UNIX, type, 0);
    show("connect", connect(c, (struct sockaddr *)&a, al));
    show("connect", connect(c2, (struct sockaddr *)&a, al));
    show("send before accept", send(c2, "hi", 2, 0));
    close(l);
    show_poll("poll, listener closed", c);
    show("recv", recv(c, buf, sizeof buf, 0));
    show("recv", recv(c, buf, sizeof buf, 0));
    show("send", send(c2, "hi", 2, 0));
    show("recv", recv(c2, buf, sizeof buf, 0));
    close(c);
    close(c2);
    l = socket(AF_UNIX, type, 0);
    bind(l, (struct sockaddr *)&a, al);
    listen(l, 5);
    c = socket(AF_UNIX, type, 0);
    connect(c, (struct sockaddr *)&a, al);
    send(c, "hi", 2, 0);
    int s = accept(l, NULL, NULL);
    close(s);
    show("recv, accepted socket closed unread", recv(c, buf, sizeof buf, 0));
    close(c);
    close(l);

    /* a child exits without reading: the parent's blocked recv wakes up */
    socketpair(AF_UNIX, type, 0, sv);
    send(sv[0], "unread", 6, 0);
    pid_t pid = spawn();
    if (pid == 0) {
        close(sv[0]);
        _exit(0);
    }
    close(sv[1]);
    show("blocking recv, child exited unread", recv(sv[0], buf, sizeof buf, 0));
    wait_child("reset child", pid);
    show("recv", recv(sv[0], buf, sizeof buf, 0));
    close(sv[0]);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    int sv[2];
    if (show("socketpair SOCK_STREAM", socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) < 0) return 1;
    close(sv[0]);
    close(sv[1]);
    test_from_child();
    test_to_child();
    test_boundaries();
    test_queued_closed();
    test_reset(SOCK_STREAM, "SOCK_STREAM");
    test_reset(SOCK_SEQPACKET, "SOCK_SEQPACKET");
    printf("done\n");
    return 0;
}
