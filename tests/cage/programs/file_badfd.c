/* Calls on bad file descriptors: closed, negative, huge, never opened. */
#include "testlib.h"
#include <sys/uio.h>

int main(void) {
    char b[4];
    struct stat st;
    CHECK(close(-1));
    CHECK(close(999));
    CHECK(close(1 << 20));
    int fd = CHECK(open("f", O_RDWR | O_CREAT, 0644));
    CHECK(close(fd));
    CHECK(close(fd));
    CHECK(read(fd, b, 1));
    CHECK(write(fd, "x", 1));
    CHECK(read(-5, b, 1));
    CHECK(write(77, "x", 1));
    CHECK(fstat(fd, &st));
    CHECK(fstat(-1, &st));
    CHECK(lseek(fd, 0, SEEK_SET));
    CHECK(fsync(fd));
    CHECK(fdatasync(-1));
    CHECK(ftruncate(fd, 0));
    CHECK(fchmod(fd, 0644));
    CHECK(fchdir(fd));
    CHECK(fcntl(fd, F_GETFD));
    CHECK(fcntl(fd, F_GETFL));
    CHECK(fcntl(fd, F_DUPFD, 0));
    CHECK(pread(fd, b, 1, 0));
    CHECK(pwrite(fd, b, 1, 0));
    struct iovec v = {b, 1};
    CHECK(readv(fd, &v, 1));
    CHECK(writev(fd, &v, 1));
    CHECK(openat(fd, "x", O_RDONLY));
    CHECK(mkdirat(123, "x", 0755));
    CHECK(fstatat(-7, "f", &st, 0));
    CHECK(isatty(fd));
    printf("isatty errno %s\n", errname(errno));
    return 0;
}
