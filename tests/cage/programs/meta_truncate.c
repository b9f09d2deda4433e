/* truncate/ftruncate: shrink, extend with zeros, errors (negative size,
 * directory, read-only fd, missing file). */
#include "testlib.h"

int main(void) {
    put_file("t", "0123456789");
    CHECK(truncate("t", 4));
    show_file("t");
    CHECK(truncate("t", 8));
    show_file("t");
    CHECK(truncate("t", 0));
    show_file("t");
    CHECK(truncate("t", -1));
    CHECK(truncate("missing", 0));
    CHECK(mkdir("d", 0755));
    CHECK(truncate("d", 0));
    CHECK(truncate("t/x", 0));
    CHECK(truncate("", 0));
    int fd = CHECK(open("t", O_RDWR));
    CHECK(write(fd, "abcdef", 6));
    CHECK(ftruncate(fd, 3));
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(write(fd, "Z", 1));
    show_file("t");
    CHECK(ftruncate(fd, 3LL << 30));
    printf("size %lld\n", file_size("t"));
    CHECK(ftruncate(fd, 2));
    CHECK(ftruncate(fd, -5));
    CHECK(close(fd));
    fd = CHECK(open("t", O_RDONLY));
    CHECK(ftruncate(fd, 0));
    CHECK(close(fd));
    fd = CHECK(open("t", O_WRONLY | O_APPEND));
    CHECK(ftruncate(fd, 1));
    CHECK(close(fd));
    show_file("t");
    fd = CHECK(open("d", O_RDONLY));
    CHECK(ftruncate(fd, 0));
    CHECK(close(fd));
    CHECK(symlink("t", "tl"));
    CHECK(truncate("tl", 0));
    printf("size via symlink %lld\n", file_size("t"));
    return 0;
}
