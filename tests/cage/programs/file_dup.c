/* dup/dup2/dup3: lowest free number, dup2 onto itself and onto an open
 * fd, the close-on-exec flag, shared offsets, redirecting stdout, limits
 * and bad fds. */
#include "testlib.h"

int main(void) {
    int a = CHECK(open("a", O_RDWR | O_CREAT, 0644));
    int c = CHECK(open("c", O_RDWR | O_CREAT, 0644));
    CHECK(dup(a));
    CHECK(dup2(a, 20));
    CHECK(dup2(a, 20));
    CHECK(dup2(c, 20));
    CHECK(dup2(a, a));
    CHECK(dup2(a, -1));
    CHECK(dup3(a, 21, O_CLOEXEC));
    CHECK(fcntl(21, F_GETFD) & FD_CLOEXEC);
    CHECK(dup3(a, 22, 0));
    CHECK(fcntl(22, F_GETFD) & FD_CLOEXEC);
    CHECK(dup3(a, a, 0));
    CHECK(dup3(a, 23, 0x4));
    CHECK(fcntl(a, F_SETFD, FD_CLOEXEC));
    int d = CHECK(dup(a));
    CHECK(fcntl(d, F_GETFD) & FD_CLOEXEC);
    /* shared offset */
    CHECK(write(a, "0123456789", 10));
    CHECK(lseek(20, 0, SEEK_CUR));
    CHECK(lseek(22, 4, SEEK_SET));
    CHECK(lseek(a, 0, SEEK_CUR));
    char ch = '?';
    CHECK(read(d, &ch, 1));
    printf("read through dup '%c'\n", ch);
    CHECK(close(a));
    CHECK(lseek(d, 0, SEEK_CUR));
    CHECK(dup2(c, 1023));
    CHECK(dup2(c, 1024));
    CHECK(dup2(c, 100000));
    CHECK(close(1023));
    CHECK(dup(-1));
    CHECK(dup(999));
    CHECK(dup2(999, 5));
    CHECK(dup3(999, 5, 0));
    /* dup2 onto stdout redirects printf */
    fflush(stdout);
    int saved = CHECK(dup(1));
    int f = open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(f, 1);
    printf("this line goes to out.txt\n");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(f);
    show_file("out.txt");
    return 0;
}
