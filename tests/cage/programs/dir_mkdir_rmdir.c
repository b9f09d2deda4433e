/* mkdir/rmdir and their errors; mode bits with umask. */
#include "testlib.h"

static void mode(const char *p) {
    struct stat st;
    if (stat(p, &st) == 0) printf("  %s: dir %d mode %o\n", p, S_ISDIR(st.st_mode), st.st_mode & 07777);
    else printf("  %s: %s\n", p, errname(errno));
}

int main(void) {
    umask(022);
    CHECK(mkdir("a", 0777));
    mode("a");
    CHECK(mkdir("a", 0777));
    CHECK(mkdir("a/b", 0700));
    mode("a/b");
    CHECK(mkdir("x/y", 0755));
    put_file("f", "");
    CHECK(mkdir("f/sub", 0755));
    CHECK(mkdir("f", 0755));
    CHECK(mkdir("", 0755));
    CHECK(mkdir("a/b/", 0755));
    CHECK(mkdir("c/", 0755));
    mode("c");
    umask(0);
    CHECK(mkdir("open", 0777));
    mode("open");
    CHECK(mkdir("sticky", 01777));
    mode("sticky");
    umask(027);
    CHECK(mkdir("masked", 0777));
    mode("masked");
    CHECK(rmdir("a"));
    CHECK(rmdir("a/b"));
    CHECK(rmdir("a"));
    CHECK(rmdir("a"));
    CHECK(rmdir("f"));
    CHECK(rmdir("f/x"));
    CHECK(rmdir("."));
    CHECK(rmdir("c/."));
    CHECK(rmdir("c/.."));
    CHECK(rmdir("c/"));
    CHECK(rmdir(""));
    CHECK(symlink("open", "ol"));
    CHECK(rmdir("ol"));
    list_dir(".", 1);
    return 0;
}
