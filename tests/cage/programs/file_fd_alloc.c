/* The fd table: lowest free number first, reuse after close, F_DUPFD and
 * F_DUPFD_CLOEXEC with a minimum, shared offsets between duplicates but not
 * between separate opens, the 1024 limit for F_DUPFD. (The runner starts
 * every program with exactly fds 0, 1, 2 open.) */
#include "testlib.h"

int main(void) {
    int a = CHECK(open("a", O_RDWR | O_CREAT, 0644));
    int b = CHECK(open("b", O_RDWR | O_CREAT, 0644));
    int c = CHECK(open("c", O_RDWR | O_CREAT, 0644));
    CHECK(close(b));
    CHECK(open("d", O_RDWR | O_CREAT, 0644));
    CHECK(open("e", O_RDWR | O_CREAT, 0644));
    CHECK(close(0));
    CHECK(open("f", O_RDWR | O_CREAT, 0644));
    CHECK(fcntl(a, F_DUPFD, 10));
    CHECK(fcntl(a, F_DUPFD, 10));
    CHECK(fcntl(a, F_DUPFD, 0));
    CHECK(fcntl(a, F_DUPFD, -1));
    CHECK(fcntl(a, F_DUPFD, 1023));
    CHECK(fcntl(a, F_DUPFD, 1023));
    CHECK(fcntl(a, F_DUPFD, 1024));
    CHECK(close(1023));
    int cx = CHECK(fcntl(a, F_DUPFD_CLOEXEC, 30));
    CHECK(fcntl(cx, F_GETFD) & FD_CLOEXEC);
    CHECK(fcntl(a, F_GETFD) & FD_CLOEXEC);
    /* shared file offset between duplicates, separate for re-opens */
    CHECK(write(a, "0123456789", 10));
    CHECK(lseek(10, 0, SEEK_CUR));
    CHECK(lseek(10, 2, SEEK_SET));
    CHECK(lseek(a, 0, SEEK_CUR));
    int other = CHECK(open("a", O_RDONLY));
    CHECK(lseek(other, 0, SEEK_CUR));
    char ch = '?';
    CHECK(read(other, &ch, 1));
    printf("other read '%c'\n", ch);
    CHECK(read(10, &ch, 1));
    printf("dup read '%c'\n", ch);
    CHECK(close(a));
    CHECK(lseek(10, 0, SEEK_CUR));
    CHECK(read(a, &ch, 1));
    /* status flags are shared too, fd flags are not */
    CHECK(fcntl(10, F_SETFL, O_APPEND));
    CHECK((fcntl(11, F_GETFL) & O_APPEND) != 0);
    CHECK(fcntl(10, F_SETFD, FD_CLOEXEC));
    CHECK(fcntl(11, F_GETFD) & FD_CLOEXEC);
    CHECK(close(c));
    CHECK(open("g", O_RDWR | O_CREAT, 0644));
    return 0;
}
