/* Exhausting the fd table: open until EMFILE (the runner sets a 1024 fd
 * limit natively; lind's table holds 1024), then close one and reopen. */
#include "testlib.h"

int main(void) {
    put_file("f", "x");
    int count = 0, last = -1, fd;
    while ((fd = open("f", O_RDONLY)) >= 0) {
        last = fd;
        count++;
        if (count > 5000) break;
    }
    printf("opened %d, last fd %d, then %s\n", count, last, errname(errno));
    CHECK(fcntl(0, F_DUPFD, 0));
    CHECK(fcntl(0, F_DUPFD_CLOEXEC, 0));
    CHECK(open("new", O_WRONLY | O_CREAT, 0644));
    printf("new not created: %lld\n", file_size("new"));
    CHECK(close(500));
    CHECK(open("f", O_RDONLY));
    CHECK(open("f", O_RDONLY));
    CHECK(close(3));
    CHECK(fcntl(0, F_DUPFD, 0));
    for (int i = 3; i <= last; i++) close(i);
    CHECK(open("f", O_RDONLY));
    return 0;
}
