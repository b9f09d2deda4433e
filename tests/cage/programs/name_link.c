/* link/linkat: nlink counts, shared content, errors (EEXIST, EPERM for
 * directories, ENOENT), AT_SYMLINK_FOLLOW. */
#include "testlib.h"

static long nl(const char *p) {
    struct stat st;
    return lstat(p, &st) == 0 ? (long)st.st_nlink : -1;
}

int main(void) {
    put_file("orig", "shared");
    CHECK(link("orig", "l1"));
    CHECK(link("orig", "l2"));
    printf("nlink %ld %ld %ld\n", nl("orig"), nl("l1"), nl("l2"));
    struct stat a, b;
    stat("orig", &a);
    stat("l2", &b);
    printf("same inode %d\n", a.st_ino == b.st_ino);
    int fd = open("l1", O_WRONLY | O_APPEND);
    write(fd, "+more", 5);
    close(fd);
    show_file("orig");
    CHECK(unlink("orig"));
    printf("nlink %ld %ld\n", nl("l1"), nl("l2"));
    CHECK(link("l1", "l2"));
    CHECK(link("missing", "x"));
    CHECK(link("l1", "nodir/x"));
    CHECK(mkdir("d", 0755));
    CHECK(link("d", "dlink"));
    CHECK(link("l1", "d/inside"));
    printf("nlink %ld\n", nl("l1"));
    CHECK(symlink("l1", "sym"));
    CHECK(linkat(AT_FDCWD, "sym", AT_FDCWD, "hard-to-sym", 0));
    struct stat st;
    lstat("hard-to-sym", &st);
    printf("linkat no-follow made a symlink: %d\n", S_ISLNK(st.st_mode));
    CHECK(linkat(AT_FDCWD, "sym", AT_FDCWD, "hard-to-target", AT_SYMLINK_FOLLOW));
    lstat("hard-to-target", &st);
    printf("AT_SYMLINK_FOLLOW made a regular file: %d nlink %ld\n", S_ISREG(st.st_mode), nl("l1"));
    CHECK(linkat(AT_FDCWD, "l1", AT_FDCWD, "bad", 0x7));
    CHECK(link("l1", ""));
    list_dir(".", 1);
    return 0;
}
