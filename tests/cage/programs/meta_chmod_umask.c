/* chmod/fchmod/fchmodat and umask: creation modes under several umasks,
 * chmod through symlinks, special bits, errors. */
#include "testlib.h"

static void m(const char *p) {
    struct stat st;
    if (lstat(p, &st) == 0) printf("  %s %04o\n", p, st.st_mode & 07777);
    else printf("  %s %s\n", p, errname(errno));
}

int main(void) {
    mode_t old = umask(022);
    printf("initial umask %03o\n", old);
    printf("umask(077) returned %03o\n", umask(077));
    printf("umask(0) returned %03o\n", umask(0));
    const mode_t masks[] = {0, 022, 027, 077, 0777, 0222};
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        umask(masks[i]);
        char f[32], d[32];
        snprintf(f, sizeof f, "f%03o", masks[i]);
        snprintf(d, sizeof d, "d%03o", masks[i]);
        int fd = open(f, O_WRONLY | O_CREAT, 0777);
        close(fd);
        mkdir(d, 0777);
        m(f);
        m(d);
    }
    mode_t m1 = umask(01777);
    mode_t m2 = umask(022);
    printf("umask(01777) -> %03o, then %03o\n", m1, m2);
    put_file("t", "x");
    CHECK(chmod("t", 0600)); m("t");
    CHECK(chmod("t", 0)); m("t");
    CHECK(chmod("t", 04755)); m("t");
    CHECK(chmod("t", 02755)); m("t");
    CHECK(chmod("t", 01644)); m("t");
    CHECK(chmod("t", 0177777)); m("t");
    int fd = open("t", O_RDONLY);
    CHECK(fchmod(fd, 0640)); m("t");
    close(fd);
    CHECK(symlink("t", "sl"));
    CHECK(chmod("sl", 0604)); m("t");
    CHECK(fchmodat(AT_FDCWD, "t", 0611, 0)); m("t");
    CHECK(chmod("missing", 0644));
    CHECK(chmod("t/x", 0644));
    mkdir("dd", 0755);
    CHECK(chmod("dd", 0700)); m("dd");
    /* a file with no permissions is still chmod-able by its owner */
    CHECK(chmod("t", 0)); CHECK(chmod("t", 0644)); m("t");
    return 0;
}
