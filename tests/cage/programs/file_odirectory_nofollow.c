/* O_DIRECTORY, O_NOFOLLOW, trailing slashes, and reading a directory fd. */
#include "testlib.h"

int main(void) {
    put_file("file", "content");
    CHECK(mkdir("dir", 0755));
    CHECK(symlink("file", "lnk"));
    CHECK(symlink("dir", "dlnk"));
    int fd;
    fd = CHECK(open("dir", O_RDONLY | O_DIRECTORY)); if (fd >= 0) close(fd);
    fd = CHECK(open("file", O_RDONLY | O_DIRECTORY));
    fd = CHECK(open("dlnk", O_RDONLY | O_DIRECTORY)); if (fd >= 0) close(fd);
    fd = CHECK(open("lnk", O_RDONLY | O_NOFOLLOW));
    fd = CHECK(open("dlnk", O_RDONLY | O_NOFOLLOW | O_DIRECTORY));
    fd = CHECK(open("file", O_RDONLY | O_NOFOLLOW)); if (fd >= 0) close(fd);
    fd = CHECK(open("lnk", O_RDONLY)); if (fd >= 0) close(fd);
    fd = CHECK(open("file/", O_RDONLY));
    fd = CHECK(open("dir/", O_RDONLY)); if (fd >= 0) close(fd);
    fd = CHECK(open("dir/.", O_RDONLY)); if (fd >= 0) close(fd);
    fd = CHECK(open("dir/..", O_RDONLY)); if (fd >= 0) close(fd);
    fd = CHECK(open("file/.", O_RDONLY));
    fd = CHECK(open("dir", O_RDONLY));
    char b[8];
    CHECK(read(fd, b, sizeof b));
    CHECK(write(fd, b, 1));
    CHECK(close(fd));
    fd = CHECK(open("nonexist/", O_RDWR | O_CREAT, 0644));
    fd = CHECK(open("nonexist", O_RDONLY | O_DIRECTORY | O_CREAT, 0644));
    list_dir(".", 1);
    return 0;
}
