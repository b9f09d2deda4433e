/* The *at calls relative to a directory fd: openat, mkdirat, fstatat,
 * unlinkat (with and without AT_REMOVEDIR), renameat, linkat, symlinkat,
 * readlinkat, faccessat, fchmodat; AT_FDCWD; a file fd as dirfd. */
#include "testlib.h"

int main(void) {
    CHECK(mkdir("top", 0755));
    int dfd = CHECK(open("top", O_RDONLY | O_DIRECTORY));
    int fd = CHECK(openat(dfd, "f.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK(write(fd, "at", 2));
    CHECK(close(fd));
    show_file("top/f.txt");
    CHECK(mkdirat(dfd, "sub", 0700));
    CHECK(mkdirat(dfd, "sub", 0700));
    struct stat st;
    CHECK(fstatat(dfd, "sub", &st, 0));
    printf("sub is dir %d mode %o\n", S_ISDIR(st.st_mode), st.st_mode & 0777);
    CHECK(fstatat(dfd, "f.txt", &st, 0));
    printf("f.txt size %lld\n", (long long)st.st_size);
    CHECK(fstatat(AT_FDCWD, "top/f.txt", &st, 0));
    CHECK(renameat(dfd, "f.txt", dfd, "sub/g.txt"));
    show_file("top/sub/g.txt");
    CHECK(linkat(dfd, "sub/g.txt", AT_FDCWD, "hard.txt", 0));
    CHECK(fstatat(AT_FDCWD, "hard.txt", &st, 0));
    printf("nlink %ld\n", (long)st.st_nlink);
    CHECK(symlinkat("sub/g.txt", dfd, "sym"));
    char buf[64];
    ssize_t n = CHECK(readlinkat(dfd, "sym", buf, sizeof buf));
    if (n >= 0) printf("readlinkat: %.*s\n", (int)n, buf);
    CHECK(fstatat(dfd, "sym", &st, AT_SYMLINK_NOFOLLOW));
    printf("sym is link %d\n", S_ISLNK(st.st_mode));
    CHECK(fstatat(dfd, "sym", &st, 0));
    printf("sym target is reg %d\n", S_ISREG(st.st_mode));
    CHECK(faccessat(dfd, "sub/g.txt", R_OK | W_OK, 0));
    CHECK(faccessat(dfd, "nothere", F_OK, 0));
    CHECK(fchmodat(dfd, "sub/g.txt", 0600, 0));
    CHECK(fstatat(dfd, "sub/g.txt", &st, 0));
    printf("mode %o\n", st.st_mode & 0777);
    CHECK(unlinkat(dfd, "sub", 0));
    CHECK(unlinkat(dfd, "sub", AT_REMOVEDIR));
    CHECK(unlinkat(dfd, "sym", 0));
    CHECK(unlinkat(dfd, "sub/g.txt", AT_REMOVEDIR));
    CHECK(unlinkat(dfd, "sub/g.txt", 0));
    CHECK(unlinkat(dfd, "sub", AT_REMOVEDIR));
    CHECK(unlinkat(dfd, "sub", 12345));
    int ffd = CHECK(open("hard.txt", O_RDONLY));
    CHECK(openat(ffd, "x", O_RDONLY));
    CHECK(mkdirat(ffd, "x", 0755));
    CHECK(fstatat(ffd, "", &st, 0));
    CHECK(fstatat(ffd, "", &st, AT_EMPTY_PATH));
    printf("empty path size %lld\n", (long long)st.st_size);
    CHECK(openat(-1, "hard.txt", O_RDONLY) >= 0);
    CHECK(openat(AT_FDCWD, "hard.txt", O_RDONLY) >= 0);
    CHECK(close(ffd));
    /* the dir fd still works after the directory is renamed */
    CHECK(rename("top", "moved"));
    fd = CHECK(openat(dfd, "new.txt", O_WRONLY | O_CREAT, 0644));
    CHECK(close(fd));
    list_dir("moved", 1);
    CHECK(close(dfd));
    return 0;
}
