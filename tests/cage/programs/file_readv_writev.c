/* readv/writev: gather and scatter, zero-length iovecs, short readv at
 * EOF, iovcnt limits, a 400 kB gathered write. */
#include "testlib.h"
#include <sys/uio.h>
#include <limits.h>

int main(void) {
    int fd = CHECK_FD(open("v.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    struct iovec w[4] = {
        {"Hello", 5}, {NULL, 0}, {", ", 2}, {"world!\n", 7},
    };
    CHECK(writev(fd, w, 4));
    CHECK(writev(fd, w, 0));
    CHECK(lseek(fd, 0, SEEK_SET));
    char a[3], b[1], c[4], d[20];
    memset(d, 0, sizeof d);
    struct iovec r[5] = {{a, 3}, {b, 0}, {b, 1}, {c, 4}, {d, sizeof d}};
    CHECK(readv(fd, r, 5));
    printf("a=%.3s b=%.1s c=%.4s d=%s", a, b, c, d);
    CHECK(readv(fd, r, 5));
    CHECK(readv(fd, r, -1));
    CHECK(writev(fd, w, -1));
    static struct iovec many[1025];
    for (int i = 0; i < 1025; i++) { many[i].iov_base = "z"; many[i].iov_len = 1; }
    CHECK(writev(fd, many, 1024));
    CHECK(writev(fd, many, 1025));
    CHECK(lseek(fd, 0, SEEK_END));
    /* a large gathered write */
    static char big1[100000], big2[300000];
    memset(big1, 'x', sizeof big1);
    memset(big2, 'y', sizeof big2);
    struct iovec bw[2] = {{big1, sizeof big1}, {big2, sizeof big2}};
    CHECK(writev(fd, bw, 2));
    CHECK(close(fd));
    CHECK(readv(fd, r, 5));
    printf("size %lld\n", file_size("v.txt"));
    return 0;
}
