/* preadv/pwritev: positional scatter/gather, not moving the offset. */
#include "testlib.h"
#include <sys/uio.h>

int main(void) {
    int fd = CHECK(open("v.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(write(fd, "Hello, world!\nzzzz", 18));
    CHECK(lseek(fd, 2, SEEK_SET));
    char a[3], b[1], c[4], d[20];
    memset(d, 0, sizeof d);
    struct iovec r[4] = {{a, 3}, {b, 0}, {c, 4}, {d, sizeof d}};
    CHECK(preadv(fd, r, 4, 3));
    printf("preadv: a=%.3s c=%.4s d=%s\n", a, c, d);
    CHECK(lseek(fd, 0, SEEK_CUR));
    struct iovec w[3] = {{"AB", 2}, {NULL, 0}, {"CDE", 3}};
    CHECK(pwritev(fd, w, 3, 1));
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(pwritev(fd, w, 3, 30));
    CHECK(preadv(fd, r, 4, 100));
    CHECK(preadv(fd, r, 4, -1));
    CHECK(pwritev(fd, w, -1, 0));
    CHECK(close(fd));
    CHECK(preadv(fd, r, 4, 0));
    show_file("v.txt");
    return 0;
}
