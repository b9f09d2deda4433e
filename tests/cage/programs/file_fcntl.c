/* fcntl: F_GETFL access mode and status flags, F_SETFL O_APPEND and
 * O_NONBLOCK (access mode bits are ignored), F_GETFD/F_SETFD, O_CLOEXEC,
 * unknown commands. */
#include "testlib.h"

static void flags(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) { printf("  F_GETFL -1 %s\n", errname(errno)); return; }
    int acc = fl & O_ACCMODE;
    printf("  acc=%s append=%d nonblock=%d\n",
           acc == O_RDONLY ? "RDONLY" : acc == O_WRONLY ? "WRONLY" : acc == O_RDWR ? "RDWR" : "?",
           (fl & O_APPEND) != 0, (fl & O_NONBLOCK) != 0);
}

int main(void) {
    int fd = CHECK(open("f.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644));
    flags(fd);
    CHECK(write(fd, "abc", 3));
    CHECK(lseek(fd, 0, SEEK_SET));
    CHECK(fcntl(fd, F_SETFL, O_APPEND));
    flags(fd);
    CHECK(write(fd, "def", 3));
    show_file("f.txt");
    CHECK(fcntl(fd, F_SETFL, O_NONBLOCK));
    flags(fd);
    CHECK(fcntl(fd, F_SETFL, O_RDWR | O_APPEND | O_NONBLOCK));
    flags(fd);
    CHECK(fcntl(fd, F_SETFL, 0));
    flags(fd);
    CHECK(close(fd));

    fd = CHECK(open("f.txt", O_RDWR | O_APPEND | O_NONBLOCK));
    flags(fd);
    CHECK(close(fd));
    fd = CHECK(open("f.txt", O_RDONLY));
    flags(fd);

    CHECK(fcntl(fd, F_GETFD));
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC));
    CHECK(fcntl(fd, F_GETFD));
    int d = CHECK(fcntl(fd, F_DUPFD, 0));
    CHECK(fcntl(d, F_GETFD));
    CHECK(fcntl(fd, F_SETFD, 0));
    CHECK(fcntl(fd, F_GETFD));
    CHECK(close(d));
    CHECK(close(fd));
    fd = CHECK(open("f.txt", O_RDONLY | O_CLOEXEC));
    CHECK(fcntl(fd, F_GETFD));
    flags(fd);
    CHECK(fcntl(fd, 12345));
    CHECK(fcntl(-1, F_GETFD));
    CHECK(close(fd));
    return 0;
}
