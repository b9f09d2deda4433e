/* chown/fchown/lchown/fchownat to our own ids (and -1 = unchanged): they
 * succeed whoever we are; errors for missing paths and bad fds. */
#include "testlib.h"

int main(void) {
    uid_t u = getuid();
    gid_t g = getgid();
    put_file("f", "x");
    CHECK(chown("f", u, g));
    CHECK(chown("f", (uid_t)-1, (gid_t)-1));
    CHECK(chown("f", (uid_t)-1, g));
    int fd = open("f", O_RDONLY);
    CHECK(fchown(fd, u, g));
    close(fd);
    CHECK(fchown(fd, u, g));
    CHECK(symlink("f", "l"));
    CHECK(lchown("l", u, g));
    CHECK(symlink("missing", "dl"));
    CHECK(lchown("dl", u, g));
    CHECK(chown("dl", u, g));
    CHECK(fchownat(AT_FDCWD, "f", u, g, 0));
    CHECK(fchownat(AT_FDCWD, "l", u, g, AT_SYMLINK_NOFOLLOW));
    CHECK(chown("missing", u, g));
    CHECK(chown("f/x", u, g));
    struct stat st;
    stat("f", &st);
    printf("still ours: %d %d\n", st.st_uid == u, st.st_gid == g);
    return 0;
}
