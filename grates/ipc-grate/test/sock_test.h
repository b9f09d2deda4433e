/* What the ipc-grate socket tests share: errno names, "label: result"
 * lines, addresses and children. Included by one .c file each, built both
 * natively and for lind (the expected outputs are native runs). */
#ifndef IPC_SOCK_TEST_H
#define IPC_SOCK_TEST_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline const char *en(int e) {
    switch (e) {
    case EAGAIN: return "EAGAIN";
    case EPIPE: return "EPIPE";
    case EINVAL: return "EINVAL";
    case EISCONN: return "EISCONN";
    case ENOTCONN: return "ENOTCONN";
    case ENOTSOCK: return "ENOTSOCK";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EADDRINUSE: return "EADDRINUSE";
    case ENOENT: return "ENOENT";
    case EBADF: return "EBADF";
    case ENOSYS: return "ENOSYS";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case ECONNRESET: return "ECONNRESET";
    case EPERM: return "EPERM";
    case EMSGSIZE: return "EMSGSIZE";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EPROTOTYPE: return "EPROTOTYPE";
    default: {
        static char b[32];
        snprintf(b, sizeof b, "errno %d", e);
        return b;
    }
    }
}

/* "label: VALUE" or "label: -1 ENAME" */
static inline long show(const char *label, long r) {
    if (r < 0) printf("%s: -1 %s\n", label, en(errno));
    else printf("%s: %ld\n", label, r);
    return r;
}

static inline void msleep(int ms) {
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

static inline socklen_t abstract_addr(struct sockaddr_un *a, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    size_t n = strlen(name);
    memcpy(a->sun_path + 1, name, n);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static inline socklen_t path_addr(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return (socklen_t)sizeof *a;
}

/* An address as "len=N family=F @abstract" or "len=N family=F path". */
static inline void show_addr(const char *label, const struct sockaddr_un *a, socklen_t len) {
    printf("%s: len=%u", label, (unsigned)len);
    if (len >= 2) printf(" family=%d", a->sun_family);
    if (len > offsetof(struct sockaddr_un, sun_path)) {
        size_t n = len - offsetof(struct sockaddr_un, sun_path);
        if (a->sun_path[0] == 0) printf(" @%.*s", (int)n - 1, a->sun_path + 1);
        else printf(" %s", a->sun_path);
    }
    printf("\n");
}

static inline void wait_child(const char *label, pid_t pid) {
    int st;
    if (waitpid(pid, &st, 0) != pid) printf("%s: waitpid failed\n", label);
    else if (WIFEXITED(st)) printf("%s: exit %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: signal %d\n", label, WTERMSIG(st));
}

static inline pid_t spawn(void) {
    fflush(stdout);
    return fork();
}

/* One sendmsg of len bytes with n fds (n 0: no control data). */
static inline long send_fds(int s, const char *data, size_t len, const int *fds, int n) {
    char ctl[CMSG_SPACE(4 * sizeof(int))];
    memset(ctl, 0, sizeof ctl);
    struct iovec iov = {(void *)data, len};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    if (n) {
        m.msg_control = ctl;
        m.msg_controllen = CMSG_SPACE(n * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(n * sizeof(int));
        memcpy(CMSG_DATA(c), fds, n * sizeof(int));
    }
    return sendmsg(s, &m, 0);
}

#endif
