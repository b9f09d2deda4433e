/* fsync/fdatasync on files and directories, and on read-only fds. */
#include "testlib.h"

int main(void) {
    int fd = CHECK(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(write(fd, "data", 4));
    CHECK(fsync(fd));
    CHECK(fdatasync(fd));
    CHECK(close(fd));
    fd = CHECK(open("f", O_RDONLY));
    CHECK(fsync(fd));
    CHECK(fdatasync(fd));
    CHECK(close(fd));
    CHECK(mkdir("d", 0755));
    fd = CHECK(open("d", O_RDONLY | O_DIRECTORY));
    CHECK(fsync(fd));
    CHECK(close(fd));
    CHECK(fsync(fd));
    FILE *f = fopen("g", "w");
    fputs("stdio", f);
    CHECK(fflush(f));
    CHECK(fsync(fileno(f)));
    CHECK(fclose(f));
    show_file("g");
    return 0;
}
