/* rename on files: to a new name, over an existing file (atomic replace),
 * onto itself, onto a hard link of itself, across directories, errors. */
#include "testlib.h"

int main(void) {
    put_file("a", "AAA");
    put_file("b", "BBBBBB");
    CHECK(rename("a", "c"));
    show_file("a");
    show_file("c");
    CHECK(rename("c", "b"));
    show_file("b");
    show_file("c");
    CHECK(rename("b", "b"));
    show_file("b");
    CHECK(link("b", "b2"));
    CHECK(rename("b", "b2"));
    show_file("b");
    show_file("b2");
    CHECK(mkdir("dir", 0755));
    CHECK(rename("b", "dir/moved"));
    show_file("dir/moved");
    CHECK(rename("missing", "x"));
    CHECK(rename("dir/moved", "nodir/x"));
    CHECK(rename("dir/moved", ""));
    CHECK(rename("", "x"));
    CHECK(rename("dir/moved", "dir/moved/x"));
    int fd = CHECK(open("dir/moved", O_RDONLY));
    CHECK(rename("dir/moved", "back"));
    char buf[16] = {0};
    CHECK(read(fd, buf, sizeof buf - 1));
    printf("open fd survives rename: %s\n", buf);
    CHECK(close(fd));
    CHECK(symlink("back", "sym"));
    CHECK(rename("sym", "sym2"));
    char t[32];
    ssize_t n = readlink("sym2", t, sizeof t);
    printf("renamed symlink -> %.*s\n", (int)n, t);
    CHECK(renameat(AT_FDCWD, "back", AT_FDCWD, "final"));
    list_dir(".", 1);
    list_dir("dir", 1);
    return 0;
}
