/* helper bin/fdinfo: lists which of fds 0..63 are open after exec, what
 * kind each is, and for regular files the next bytes at their (shared)
 * offset. An exec target for the close-on-exec tests. */
#include "../programs/proctest.h"

int main(int argc, char **argv) {
    printf("fdinfo: open fds after exec:");
    for (int fd = 0; fd < 64; fd++)
        if (fcntl(fd, F_GETFD) >= 0) printf(" %d", fd);
    printf("\n");
    for (int fd = 3; fd < 64; fd++) {
        int fl = fcntl(fd, F_GETFD);
        if (fl < 0) continue;
        struct stat st;
        if (fstat(fd, &st) < 0) {
            printf("  fd %d: fstat %s\n", fd, errname(errno));
            continue;
        }
        const char *kind = S_ISREG(st.st_mode) ? "file" : S_ISFIFO(st.st_mode) ? "pipe"
                         : S_ISDIR(st.st_mode) ? "dir" : "other";
        printf("  fd %d: %s, FD_CLOEXEC %s", fd, kind, (fl & FD_CLOEXEC) ? "set" : "clear");
        if (S_ISREG(st.st_mode)) {
            char buf[33];
            ssize_t r = read(fd, buf, 32);
            if (r >= 0) {
                buf[r] = 0;
                for (ssize_t i = 0; i < r; i++)
                    if (buf[i] == '\n') buf[i] = '|';
                printf(", reads \"%s\"", buf);
            } else {
                printf(", read %s", errname(errno));
            }
        }
        printf("\n");
    }
    fflush(stdout);
    return argc > 1 ? atoi(argv[1]) : 0;
}
