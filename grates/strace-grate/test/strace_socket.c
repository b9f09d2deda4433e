/* Under strace-grate over ipc-grate (which serves AF_UNIX sockets in
 * memory; strace-grate is nearest the program, so it sees every call
 * first): one of each socket call, so the trace (stderr, -e
 * trace=%network) shows how strace-grate decodes them -- socket types,
 * path, abstract, AF_INET, AF_INET6 and unknown-family addresses,
 * socklen_t in => out, data, MSG_* flags, msghdrs with SCM_RIGHTS, socket
 * options, shutdown, and failures. Every address the trace decodes is a
 * name (both ends are bound), so no stack address appears in it. The same
 * program built natively (cc) runs under `strace -f -e trace=network`;
 * the README lists how the two traces differ. Prints "ok" when every call
 * gave Linux's result. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static int failures;

static void expect(const char *what, long got, long want, int err) {
    if (got != want || (got == -1 && errno != err)) {
        printf("%s: %ld (errno %d), expected %ld (errno %d)\n", what, got, got == -1 ? errno : 0, want, err);
        failures++;
    }
}

/* A path name (its length counts the NUL) or an abstract one (no NUL). */
static socklen_t un(struct sockaddr_un *a, const char *name, int abstract) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    size_t n = strlen(name);
    memcpy(a->sun_path + (abstract ? 1 : 0), name, n);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

int main(void) {
    char buf[64];
    int sv[2];
    unlink("/tmp/strace-srv"); /* natively, names are socket files */
    unlink("/tmp/strace-cli");
    expect("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0, 0);
    expect("send", send(sv[0], "ping\n", 5, 0), 5, 0);
    expect("recv", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 5, 0);

    /* A listener on a path, a client bound to another. */
    struct sockaddr_un a;
    socklen_t len;
    int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    expect("socket", l >= 0, 1, 0);
    expect("bind", bind(l, (struct sockaddr *)&a, un(&a, "/tmp/strace-srv", 0)), 0, 0);
    expect("listen", listen(l, 5), 0, 0);
    len = sizeof a;
    expect("getsockname", getsockname(l, (struct sockaddr *)&a, &len), 0, 0);
    expect("accept", accept(l, NULL, NULL), -1, EAGAIN);

    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    expect("bind client", bind(c, (struct sockaddr *)&a, un(&a, "/tmp/strace-cli", 0)), 0, 0);
    expect("connect abstract", connect(c, (struct sockaddr *)&a, un(&a, "nobody", 1)), -1, ECONNREFUSED);
    expect("connect", connect(c, (struct sockaddr *)&a, un(&a, "/tmp/strace-srv", 0)), 0, 0);
    len = sizeof a;
    expect("getpeername", getpeername(c, (struct sockaddr *)&a, &len), 0, 0);
    len = sizeof a;
    int s = accept4(l, (struct sockaddr *)&a, &len, SOCK_CLOEXEC);
    expect("accept4", s >= 0, 1, 0);

    /* Data: longer than strace's 32 bytes, then a two-part message. */
    const char *text = "0123456789abcdefghijklmnopqrstuvwxyz\n";
    expect("sendto", sendto(c, text, strlen(text), MSG_NOSIGNAL, NULL, 0), 37, 0);
    len = sizeof a;
    expect("recvfrom", recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&a, &len), 37, 0);
    struct iovec iov[2] = {{"hello, ", 7}, {"world\n", 6}};
    struct msghdr m = {0};
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    expect("sendmsg", sendmsg(c, &m, MSG_DONTWAIT | MSG_NOSIGNAL), 13, 0);
    struct iovec in = {buf, sizeof buf};
    struct msghdr r = {0};
    r.msg_name = &a;
    r.msg_namelen = sizeof a;
    r.msg_iov = &in;
    r.msg_iovlen = 1;
    expect("recvmsg", recvmsg(s, &r, 0), 13, 0);

    int one = 1, type = 0;
    expect("setsockopt", setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), 0, 0);
    len = sizeof type;
    expect("getsockopt", getsockopt(c, SOL_SOCKET, SO_TYPE, &type, &len), 0, 0);
    expect("shutdown", shutdown(c, SHUT_WR), 0, 0);
    expect("send after SHUT_WR", send(c, "x", 1, MSG_NOSIGNAL), -1, EPIPE);
    expect("recv EOF", recv(s, buf, sizeof buf, 0), 0, 0);

    /* Datagrams between abstract names, one carrying an fd. */
    int d = socket(AF_UNIX, SOCK_DGRAM, 0), e = socket(AF_UNIX, SOCK_DGRAM, 0);
    expect("bind e", bind(e, (struct sockaddr *)&a, un(&a, "strace-e", 1)), 0, 0);
    socklen_t dlen = un(&a, "strace-d", 1);
    expect("bind d", bind(d, (struct sockaddr *)&a, dlen), 0, 0);
    expect("sendto abstract", sendto(e, "dgram", 5, 0, (struct sockaddr *)&a, dlen), 5, 0);
    len = sizeof a;
    expect("recvfrom dgram", recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&a, &len), 5, 0);

    union {
        char b[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct iovec fdiov = {"fd", 2};
    m = (struct msghdr){0};
    m.msg_name = &a;
    m.msg_namelen = un(&a, "strace-d", 1);
    m.msg_iov = &fdiov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.b;
    m.msg_controllen = CMSG_LEN(sizeof(int));
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &sv[0], sizeof(int));
    expect("sendmsg SCM_RIGHTS", sendmsg(e, &m, 0), 2, 0);
    union {
        char b[64];
        struct cmsghdr align;
    } rctl;
    r = (struct msghdr){0};
    r.msg_name = &a;
    r.msg_namelen = sizeof a;
    r.msg_iov = &in;
    r.msg_iovlen = 1;
    r.msg_control = rctl.b;
    r.msg_controllen = CMSG_SPACE(sizeof(int));
    expect("recvmsg SCM_RIGHTS", recvmsg(d, &r, MSG_CMSG_CLOEXEC), 2, 0);
    cm = CMSG_FIRSTHDR(&r);
    int got = -1;
    if (cm && cm->cmsg_type == SCM_RIGHTS) memcpy(&got, CMSG_DATA(cm), sizeof got);
    expect("received fd", got >= 0, 1, 0);
    r.msg_controllen = 0;
    expect("recvmsg empty", recvmsg(d, &r, MSG_DONTWAIT), -1, EAGAIN);

    /* Other families, on an AF_UNIX socket: EINVAL; a bad pointer. */
    struct sockaddr_in sin = {0};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(8080);
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    expect("bind AF_INET", bind(d, (struct sockaddr *)&sin, sizeof sin), -1, EINVAL);
    struct sockaddr_in6 sin6 = {0};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(443);
    inet_pton(AF_INET6, "2001:db8::1", &sin6.sin6_addr);
    expect("connect AF_INET6", connect(e, (struct sockaddr *)&sin6, sizeof sin6), -1, EINVAL);
    struct sockaddr odd = {0};
    odd.sa_family = 250;
    memcpy(odd.sa_data, "abc", 3);
    expect("connect family 250", connect(e, &odd, sizeof odd), -1, EINVAL);
    expect("bind bad pointer", bind(e, (struct sockaddr *)(uintptr_t)0xfffffff0u, 16), -1, EFAULT);

    close(got);
    close(d);
    close(e);
    close(s);
    close(c);
    close(l);
    close(sv[0]);
    close(sv[1]);
    printf(failures ? "%d failures\n" : "ok\n", failures);
    return failures != 0;
}
