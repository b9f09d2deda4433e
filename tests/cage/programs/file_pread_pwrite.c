/* pread/pwrite: positional, do not move the offset; errors. Linux quirk:
 * pwrite on an O_APPEND fd appends regardless of the offset. */
#include "testlib.h"

int main(void) {
    int fd = CHECK_FD(open("p.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(write(fd, "abcdefghij", 10));
    CHECK(lseek(fd, 2, SEEK_SET));
    char b[16] = {0};
    CHECK(pread(fd, b, 4, 5));
    printf("pread: %.4s\n", b);
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(pwrite(fd, "XYZ", 3, 0));
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(pwrite(fd, "end", 3, 15));
    CHECK(pread(fd, b, 16, 0));
    for (int i = 0; i < 16; i++) printf("%c", b[i] ? b[i] : '.');
    printf("\n");
    CHECK(pread(fd, b, 4, 100));
    CHECK(pread(fd, b, 4, -1));
    CHECK(pwrite(fd, b, 1, -5));
    CHECK(pread(fd, b, 0, 3));
    CHECK(close(fd));
    CHECK(pread(fd, b, 1, 0));
    fd = CHECK_FD(open("p.txt", O_WRONLY | O_APPEND));
    CHECK(pwrite(fd, "APP", 3, 0));
    CHECK(pread(fd, b, 1, 0));
    CHECK(close(fd));
    show_file("p.txt");
    fd = CHECK_FD(open("p.txt", O_RDONLY));
    CHECK(pwrite(fd, "x", 1, 0));
    CHECK(close(fd));
    CHECK(mkdir("d", 0755));
    fd = CHECK_FD(open("d", O_RDONLY));
    CHECK(pread(fd, b, 1, 0));
    CHECK(close(fd));
    return 0;
}
