/* creat(): creates or truncates, write-only, mode masked by umask. */
#include "testlib.h"

int main(void) {
    umask(022);
    int fd = CHECK(creat("c.txt", 0666));
    CHECK(write(fd, "abcdef", 6));
    char b[4];
    CHECK(read(fd, b, 4));
    printf("O_WRONLY=%d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY);
    CHECK(close(fd));
    struct stat st;
    CHECK(stat("c.txt", &st));
    printf("mode %o size %lld\n", st.st_mode & 07777, (long long)st.st_size);
    fd = CHECK(creat("c.txt", 0600));
    CHECK(close(fd));
    CHECK(stat("c.txt", &st));
    printf("recreated: mode %o size %lld\n", st.st_mode & 07777, (long long)st.st_size);
    umask(077);
    fd = CHECK(creat("d.txt", 0777));
    CHECK(close(fd));
    CHECK(stat("d.txt", &st));
    printf("umask 077: mode %o\n", st.st_mode & 07777);
    fd = CHECK(creat("missing/e.txt", 0644));
    CHECK(mkdir("dir", 0755));
    fd = CHECK(creat("dir", 0644));
    return 0;
}
