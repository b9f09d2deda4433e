/* Writing beyond EOF leaves a hole that reads as zeros; ftruncate up and
 * down; size and contents around the hole. */
#include "testlib.h"

int main(void) {
    int fd = CHECK(open("h.bin", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(write(fd, "head", 4));
    CHECK(lseek(fd, 1 << 20, SEEK_SET));
    CHECK(write(fd, "tail", 4));
    struct stat st;
    CHECK(fstat(fd, &st));
    printf("size %lld\n", (long long)st.st_size);
    char *buf = malloc((1 << 20) + 16);
    CHECK(lseek(fd, 0, SEEK_SET));
    ssize_t total = 0, n;
    while ((n = read(fd, buf + total, (size_t)(1 << 20) + 16 - (size_t)total)) > 0) total += n;
    printf("read total %zd\n", total);
    size_t zeros = 0;
    for (ssize_t i = 4; i < (1 << 20); i++) zeros += buf[i] == 0;
    printf("head %.4s zeros %zu tail %.4s\n", buf, zeros, buf + (1 << 20));
    CHECK(pwrite(fd, "mid", 3, 500000));
    CHECK(pread(fd, buf, 8, 499998));
    printf("around mid: %d %d %c %c %c %d %d %d\n", buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], buf[6], buf[7]);
    CHECK(ftruncate(fd, 10));
    CHECK(fstat(fd, &st));
    printf("after truncate size %lld\n", (long long)st.st_size);
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(write(fd, "Z", 1));
    CHECK(fstat(fd, &st));
    printf("write at old offset: size %lld\n", (long long)st.st_size);
    CHECK(pread(fd, buf, 16, 0));
    CHECK(pread(fd, buf, 16, (1 << 20) + 4));
    CHECK(close(fd));
    free(buf);
    return 0;
}
