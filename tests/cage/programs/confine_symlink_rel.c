/* CONFINEMENT (lind only): relative symlinks that climb with ../ stop at
 * the lindfs root; the host's ../outside next to the lindfs stays out of
 * reach, and hard links cannot be made to files outside. */
#include "testlib.h"

int main(void) {
    CHECK(symlink("../../../../../../../../etc", "up"));
    CHECK(symlink("../outside", "out"));
    CHECK(symlink("../outside/secret", "sec"));
    CHECK(symlink("..", "parent"));
    show_file("up/passwd");
    show_file("out/secret");
    show_file("sec");
    struct stat st;
    CHECK(stat("out", &st));
    CHECK(stat("sec", &st));
    CHECK(mkdir("d", 0755));
    CHECK(symlink("../../../..", "d/top"));
    list_dir("d/top", 1);
    list_dir("parent/parent/parent", 1);
    int fd = CHECK(open("d/top/ESCAPE_rel", O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (fd >= 0) close(fd);
    fd = CHECK(open("parent/ESCAPE_rel2", O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (fd >= 0) close(fd);
    CHECK(open("out/ESCAPE_rel3", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK(link("sec", "hard-to-symlink"));
    CHECK(linkat(AT_FDCWD, "sec", AT_FDCWD, "hard-follow", AT_SYMLINK_FOLLOW));
    CHECK(link("../outside/secret", "hard"));
    CHECK(rename("../outside/secret", "stolen"));
    CHECK(unlink("../outside/secret"));
    CHECK(unlink("sec"));
    CHECK(chmod("out/secret", 0777));
    CHECK(truncate("out/secret", 0));
    CHECK(mkdir("out/ESCAPE_d", 0755));
    CHECK(symlink("x", "out/ESCAPE_s"));
    CHECK(chdir("d/top"));
    char cwd[4096];
    printf("getcwd after chdir d/top: %s\n", getcwd(cwd, sizeof cwd));
    CHECK(chdir("up"));
    list_dir("/", 1);
    return 0;
}
