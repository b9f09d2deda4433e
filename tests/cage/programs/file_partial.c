/* Partial reads: asking for more than is left, reading at EOF, reading
 * one byte at a time, zero-length reads and writes. */
#include "testlib.h"

int main(void) {
    put_file("p.txt", "0123456789abcdefghijklmnopqrstuvwxyz");
    int fd = CHECK(open("p.txt", O_RDONLY));
    char buf[64];
    CHECK(read(fd, buf, 10));
    CHECK(read(fd, buf, 0));
    CHECK(read(fd, buf, 20));
    CHECK(read(fd, buf, 20));
    printf("last piece: %.6s\n", buf);
    CHECK(read(fd, buf, 20));
    CHECK(read(fd, buf, 20));
    CHECK(lseek(fd, 30, SEEK_SET));
    int n = 0;
    while (read(fd, buf + n, 1) == 1) n++;
    printf("byte by byte: %d '%.*s'\n", n, n, buf);
    CHECK(close(fd));
    fd = CHECK(open("w.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(write(fd, "", 0));
    CHECK(write(fd, "abc", 0));
    const char *msg = "the quick brown fox jumps over the lazy dog";
    size_t len = strlen(msg), off = 0, step = 1;
    while (off < len) {
        size_t k = step < len - off ? step : len - off;
        ssize_t w = write(fd, msg + off, k);
        printf("write(%zu) -> %zd\n", k, w);
        off += (size_t)w;
        step += 2;
    }
    CHECK(lseek(fd, 0, SEEK_SET));
    CHECK(read(fd, buf, sizeof buf));
    CHECK(close(fd));
    show_file("w.txt");
    return 0;
}
