/* Symlink loops and long chains: ELOOP from open/stat/chdir/opendir, lstat
 * still fine; a chain of 39 links resolves, 41 do not (Linux: 40 max). */
#include "testlib.h"

int main(void) {
    CHECK(symlink("b", "a"));
    CHECK(symlink("a", "b"));
    CHECK(symlink("self", "self"));
    struct stat st;
    CHECK(open("a", O_RDONLY));
    CHECK(open("self", O_RDONLY));
    CHECK(open("a", O_WRONLY | O_CREAT, 0644));
    CHECK(stat("a", &st));
    CHECK(lstat("a", &st));
    CHECK(access("a", F_OK));
    CHECK(chdir("self"));
    CHECK(stat("self/x", &st));
    CHECK(mkdir("a/x", 0755));
    CHECK(unlink("self"));
    CHECK(lstat("self", &st));
    put_file("end", "reached");
    char from[16], to[16];
    for (int i = 1; i <= 45; i++) {
        snprintf(from, sizeof from, "c%02d", i);
        if (i == 1) snprintf(to, sizeof to, "end");
        else snprintf(to, sizeof to, "c%02d", i - 1);
        symlink(to, from);
    }
    for (int i = 38; i <= 42; i++) {
        snprintf(from, sizeof from, "c%02d", i);
        errno = 0;
        int fd = open(from, O_RDONLY);
        printf("open %s: %s\n", from, fd >= 0 ? "ok" : errname(errno));
        if (fd >= 0) close(fd);
        errno = 0;
        int r = stat(from, &st);
        printf("stat %s: %s\n", from, r == 0 ? "ok" : errname(errno));
    }
    CHECK(mkdir("d", 0755));
    CHECK(symlink("../d", "d/up"));
    CHECK(stat("d/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up/up", &st));
    CHECK(stat("d/up/up/up/up/up/up/up/up/up/up", &st));
    return 0;
}
