/* CONFINEMENT (lind only): ".." relative to directory fds (openat,
 * mkdirat, fstatat, renameat, fchdir) stays inside; getcwd never shows a
 * host path. */
#include "testlib.h"

int main(void) {
    put_file("marker", "root marker");
    CHECK(mkdir("a", 0755));
    CHECK(mkdir("a/b", 0755));
    CHECK(mkdir("a/b/c", 0755));
    int dfd = CHECK(open("a/b/c", O_RDONLY | O_DIRECTORY));
    int fd = CHECK(openat(dfd, "../../../../../marker", O_RDONLY));
    char buf[64] = {0};
    if (fd >= 0) { read(fd, buf, sizeof buf - 1); close(fd); printf("read: %s\n", buf); }
    CHECK(openat(dfd, "../../../../outside/secret", O_RDONLY));
    CHECK(openat(dfd, "/etc/passwd", O_RDONLY));
    CHECK(openat(dfd, "/../../etc/passwd", O_RDONLY));
    int rootfd = CHECK(open("/", O_RDONLY | O_DIRECTORY));
    struct stat r, up;
    CHECK(fstat(rootfd, &r));
    CHECK(fstatat(rootfd, "..", &up, 0));
    printf("root's .. is root: %d\n", r.st_ino == up.st_ino);
    CHECK(fstatat(dfd, "../../../../../..", &up, 0));
    printf("c's ../../../../../.. is root: %d\n", r.st_ino == up.st_ino);
    int upfd = CHECK(openat(rootfd, "../..", O_RDONLY | O_DIRECTORY));
    CHECK(fstat(upfd, &up));
    printf("openat(root, ../..) is root: %d\n", r.st_ino == up.st_ino);
    CHECK(mkdirat(dfd, "../../../../ESCAPE_dir", 0755));
    CHECK(renameat(dfd, "../../../marker", rootfd, "../../ESCAPE_renamed"));
    CHECK(symlinkat("../../../../..", dfd, "climb"));
    list_dir("a/b/c/climb", 1);
    CHECK(fchdir(dfd));
    char cwd[4096];
    printf("getcwd after fchdir: %s\n", getcwd(cwd, sizeof cwd));
    CHECK(chdir("../../../../../../.."));
    printf("getcwd after climbing: %s\n", getcwd(cwd, sizeof cwd));
    CHECK(fchdir(upfd));
    printf("getcwd after fchdir(upfd): %s\n", getcwd(cwd, sizeof cwd));
    list_dir(".", 1);
    close(dfd);
    close(rootfd);
    close(upfd);
    return 0;
}
