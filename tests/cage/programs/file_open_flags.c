/* open(2) flags: O_CREAT, O_EXCL, O_TRUNC, O_APPEND, access modes, and
 * the errors each combination gives. */
#include "testlib.h"

int main(void) {
    int fd;
    fd = CHECK(open("a.txt", O_RDONLY));
    fd = CHECK(open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK(write(fd, "hello world", 11));
    CHECK(close(fd));
    fd = CHECK(open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
    fd = CHECK(open("a.txt", O_RDONLY | O_CREAT, 0644));
    char buf[32];
    CHECK(read(fd, buf, sizeof buf));
    CHECK(write(fd, "x", 1));
    CHECK(close(fd));
    fd = CHECK(open("a.txt", O_WRONLY));
    CHECK(read(fd, buf, sizeof buf));
    CHECK(write(fd, "HE", 2));
    CHECK(close(fd));
    show_file("a.txt");
    fd = CHECK(open("a.txt", O_RDWR | O_APPEND));
    CHECK(lseek(fd, 0, SEEK_SET));
    CHECK(write(fd, "!!", 2));
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(lseek(fd, 0, SEEK_SET));
    CHECK(read(fd, buf, 5));
    CHECK(close(fd));
    show_file("a.txt");
    fd = CHECK(open("a.txt", O_RDWR | O_TRUNC));
    CHECK(lseek(fd, 0, SEEK_END));
    CHECK(close(fd));
    printf("size after O_TRUNC: %lld\n", file_size("a.txt"));
    fd = CHECK(open("a.txt", O_RDONLY | O_TRUNC));
    if (fd >= 0) close(fd);
    printf("size after O_RDONLY|O_TRUNC: %lld\n", file_size("a.txt"));
    fd = CHECK(open("b.txt", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600));
    CHECK(write(fd, "12345", 5));
    CHECK(pwrite(fd, "ab", 2, 0));
    CHECK(close(fd));
    show_file("b.txt");
    fd = CHECK(open("nodir/c.txt", O_WRONLY | O_CREAT, 0644));
    fd = CHECK(open("a.txt/c.txt", O_WRONLY | O_CREAT, 0644));
    fd = CHECK(open("", O_RDONLY));
    fd = CHECK(open("a.txt", O_RDONLY | O_WRONLY | O_RDWR));
    CHECK(mkdir("dir", 0755));
    fd = CHECK(open("dir", O_WRONLY));
    fd = CHECK(open("dir", O_RDWR));
    fd = CHECK(open("dir", O_RDONLY | O_CREAT, 0644));
    fd = CHECK(open("dir", O_RDONLY));
    CHECK(read(fd, buf, sizeof buf));
    CHECK(close(fd));
    fd = CHECK(open("dir/", O_RDONLY | O_DIRECTORY));
    CHECK(close(fd));
    fd = CHECK(open("a.txt", O_RDONLY | O_DIRECTORY));
    fd = CHECK(open("a.txt/", O_RDONLY));
    fd = CHECK(open("new/", O_WRONLY | O_CREAT, 0644));
    struct stat st;
    CHECK(stat("b.txt", &st));
    printf("b.txt mode %o\n", st.st_mode & 07777);
    return 0;
}
