/* lseek: SEEK_SET/CUR/END, negative results, beyond-EOF seeks, 64-bit
 * offsets, lseek on a directory. */
#include "testlib.h"

int main(void) {
    int fd = CHECK(open("s.bin", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(write(fd, "0123456789", 10));
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(lseek(fd, 3, SEEK_SET));
    char c;
    CHECK(read(fd, &c, 1));
    printf("read '%c'\n", c);
    CHECK(lseek(fd, 2, SEEK_CUR));
    CHECK(lseek(fd, -1, SEEK_CUR));
    CHECK(lseek(fd, 0, SEEK_END));
    CHECK(lseek(fd, -4, SEEK_END));
    CHECK(read(fd, &c, 1));
    printf("read '%c'\n", c);
    CHECK(lseek(fd, -11, SEEK_END));
    CHECK(lseek(fd, -1, SEEK_SET));
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(lseek(fd, 0, 3 + 42));
    CHECK(lseek(fd, 100, SEEK_SET));
    CHECK(read(fd, &c, 1));
    CHECK(lseek(fd, 5LL << 30, SEEK_SET));
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(lseek(fd, 1LL << 40, SEEK_CUR));
    CHECK(lseek(fd, 0x7fffffffffffffffLL, SEEK_SET));
    CHECK(lseek(fd, 1, SEEK_CUR));
    CHECK(pread(fd, &c, 1, 1LL << 33));
    printf("size still %lld\n", file_size("s.bin"));
    CHECK(close(fd));
    CHECK(lseek(fd, 0, SEEK_SET));
    CHECK(lseek(-1, 0, SEEK_SET));
    CHECK(lseek(1000, 0, SEEK_SET));
    CHECK(mkdir("d", 0755));
    int dfd = CHECK(open("d", O_RDONLY | O_DIRECTORY));
    CHECK(lseek(dfd, 0, SEEK_SET));
    CHECK(close(dfd));
    return 0;
}
