/* ioctl FIONREAD on a regular file (bytes between offset and EOF on
 * Linux), TIOCGWINSZ on a file (ENOTTY), isatty on files and bad fds. */
#include "testlib.h"
#include <sys/ioctl.h>

int main(void) {
    put_file("f.txt", "0123456789abcdefghij");
    int fd = CHECK(open("f.txt", O_RDONLY));
    int avail = -1;
    CHECK(ioctl(fd, FIONREAD, &avail));
    printf("FIONREAD %d\n", avail);
    CHECK(lseek(fd, 15, SEEK_SET));
    CHECK(ioctl(fd, FIONREAD, &avail));
    printf("FIONREAD %d\n", avail);
    CHECK(lseek(fd, 100, SEEK_SET));
    avail = -1;
    CHECK(ioctl(fd, FIONREAD, &avail));
    printf("FIONREAD past EOF %d\n", avail);
    struct winsize ws;
    CHECK(ioctl(fd, TIOCGWINSZ, &ws));
    CHECK(isatty(fd));
    printf("errno %s\n", errname(errno));
    CHECK(isatty(-1));
    printf("errno %s\n", errname(errno));
    CHECK(isatty(1));
    CHECK(isatty(0));
    CHECK(close(fd));
    CHECK(ioctl(fd, FIONREAD, &avail));
    CHECK(mkdir("d", 0755));
    fd = CHECK(open("d", O_RDONLY));
    CHECK(isatty(fd));
    CHECK(close(fd));
    return 0;
}
