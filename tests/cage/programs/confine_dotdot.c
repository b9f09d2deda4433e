/* CONFINEMENT (lind only, compared with expected/confine_dotdot.out):
 * ".." chains never leave the lindfs root. The cage's "/" is the scratch
 * lindfs; on the host, ../outside/secret sits next to it. */
#include "testlib.h"

int main(void) {
    char cwd[4096];
    printf("getcwd at start: %s\n", getcwd(cwd, sizeof cwd));
    put_file("marker", "root marker");
    show_file("../marker");
    show_file("../../../../../../../../marker");
    show_file("../outside/secret");
    show_file("../../outside/secret");
    show_file("../../../etc/passwd");
    show_file("../../../../../../../../../../etc/passwd");
    CHECK(mkdir("a", 0755));
    CHECK(mkdir("a/b", 0755));
    show_file("a/b/../../../../marker");
    CHECK(chdir("a/b"));
    printf("getcwd in a/b: %s\n", getcwd(cwd, sizeof cwd));
    CHECK(chdir("../../../../../.."));
    printf("getcwd after ../../../../../..: %s\n", getcwd(cwd, sizeof cwd));
    CHECK(chdir(".."));
    printf("getcwd after ..: %s\n", getcwd(cwd, sizeof cwd));
    struct stat r, p, d;
    stat("/", &r);
    stat("..", &p);
    stat("/../../..", &d);
    printf(".. of the root is the root: %d %d\n", r.st_ino == p.st_ino && r.st_dev == p.st_dev, r.st_ino == d.st_ino);
    int fd = CHECK(open("../../ESCAPE_dotdot", O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (fd >= 0) close(fd);
    CHECK(mkdir("../../../ESCAPE_dir", 0755));
    CHECK(rename("marker", "../../../ESCAPE_renamed"));
    list_dir("/", 0);
    list_dir("..", 0);
    list_dir("../../../..", 0);
    /* a very long chain of ../ */
    char *longp = malloc(4000);
    longp[0] = 0;
    for (int i = 0; i < 1300; i++) strcat(longp, "../");
    strcat(longp, "ESCAPE_renamed");
    show_file(longp);
    return 0;
}
