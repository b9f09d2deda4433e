/* chroot-grate test. Run as `chroot-grate --chroot-dir / chroot_test.cwasm`
 * (the outer grate is the identity: this program sees the whole lindfs),
 * it forks and execs a second chroot-grate, chrooted into /jail, that runs
 * this program again ("inner"). The inner run creates, renames, links and
 * removes files through absolute and relative paths, "..", dirfds and
 * symlinks, and tries to reach /secret.txt and /grates (outside the jail:
 * every attempt must fail with ENOENT). The outer run then checks, in the
 * real tree, that everything landed under /jail and nothing outside it.
 * Without the grate, the inner run finds /secret.txt and /grates and the
 * files appear at the lindfs root: the output differs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../common/test/fs_checks.h"

static void cwd(void) {
    char buf[256];
    printf("getcwd: %s\n", getcwd(buf, sizeof buf) ? buf : strerror(errno));
}

static int inner(void) {
    struct stat st;
    char buf[256];
    cwd();
    show("create /made.txt", put("/made.txt", "made\n"));
    show("create /../../up.txt", put("/../../up.txt", "up\n"));
    show("mkdir /d", mkdir("/d", 0755));
    show("chdir d", chdir("d"));
    cwd();
    show("create rel.txt", put("rel.txt", "rel\n"));
    /* escapes by ".." and absolute paths */
    cat("open ../../secret.txt", "../../secret.txt");
    cat("open /../secret.txt", "/../secret.txt");
    cat("open /d/../../../secret.txt", "/d/../../../secret.txt");
    show("stat /grates", stat("/grates", &st));
    show("lstat ../../../grates", lstat("../../../grates", &st));
    show("access ../../secret.txt", access("../../secret.txt", F_OK));
    show("fstatat AT_FDCWD ../../secret.txt", fstatat(AT_FDCWD, "../../secret.txt", &st, 0));
    show("chmod /../secret.txt", chmod("/../secret.txt", 0600));
    show("truncate ../secret.txt", truncate("../secret.txt", 0));
    show("unlink ../../secret.txt", unlink("../../secret.txt"));
    show("rename ../../secret.txt", rename("../../secret.txt", "/stolen.txt"));
    show("link ../../secret.txt", link("../../secret.txt", "/stolen.txt"));
    /* dirfd-relative */
    int dfd = open("/d", O_RDONLY | O_DIRECTORY);
    show("open /d", dfd);
    int fd = openat(dfd, "../../secret.txt", O_RDONLY);
    show("openat d ../../secret.txt", fd);
    fd = openat(dfd, "rel.txt", O_RDONLY);
    show("openat d rel.txt", fd);
    if (fd >= 0) close(fd);
    show("mkdirat d ../../x", mkdirat(dfd, "../../x", 0755));
    show("unlinkat d ../../x AT_REMOVEDIR", unlinkat(dfd, "../../x", AT_REMOVEDIR));
    show("mkdirat d sub", mkdirat(dfd, "sub", 0755));
    /* symlinks: stored as written, resolved inside the jail */
    show("symlink ../../../../secret.txt d/esc", symlink("../../../../secret.txt", "/d/esc"));
    cat("open d/esc", "/d/esc");
    ssize_t n = readlink("/d/esc", buf, sizeof buf - 1);
    if (n >= 0) buf[n] = 0;
    printf("readlink d/esc: %s\n", n >= 0 ? buf : strerror(errno));
    show("symlink / d/root", symlink("/", "/d/root"));
    cat("open d/root/made.txt", "/d/root/made.txt");
    cat("open d/root/../secret.txt", "/d/root/../secret.txt");
    show("stat d/root/grates", stat("/d/root/grates", &st));
    show("symlink /made.txt d/abs", symlink("/made.txt", "/d/abs"));
    cat("open d/abs", "/d/abs");
    show("lstat d/abs is link", lstat("/d/abs", &st) == 0 && S_ISLNK(st.st_mode) ? 0 : -1);
    /* fchdir and "..": the cwd stays inside */
    show("fchdir d", fchdir(dfd));
    cwd();
    show("chdir ../../..", chdir("../../.."));
    cwd();
    cat("open secret.txt", "secret.txt");
    cat("open made.txt", "made.txt");
    /* renames and links in the jail */
    show("rename d/rel.txt /../../rel2.txt", rename("/d/rel.txt", "/../../rel2.txt"));
    show("link made.txt d/../hard.txt", link("made.txt", "d/../hard.txt"));
    show("rmdir /", rmdir("/"));
    show("rmdir /d/sub", rmdir("/d/sub"));
    close(dfd);
    /* a forked child shares the jail and the cwd */
    pid_t pid = fork();
    if (pid == 0) {
        chdir("d");
        _exit(put("child.txt", "child\n") == 0 && access("../../secret.txt", F_OK) < 0 ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("child: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "inner") == 0) return inner();
    printf("-- inside /jail\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = {"grates/chroot-grate.cwasm", "--chroot-dir", "/jail", argv[0], "inner", NULL};
        execv("/grates/chroot-grate.cwasm", args);
        perror("execv");
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("-- outside: inner exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    struct stat st;
    cat("/jail/made.txt", "/jail/made.txt");
    cat("/jail/up.txt", "/jail/up.txt");
    cat("/jail/rel2.txt", "/jail/rel2.txt");
    cat("/jail/hard.txt", "/jail/hard.txt");
    cat("/jail/d/child.txt", "/jail/d/child.txt");
    show("lstat /jail/d/esc is link", lstat("/jail/d/esc", &st) == 0 && S_ISLNK(st.st_mode) ? 0 : -1);
    show("stat /jail/x", stat("/jail/x", &st));
    show("stat /made.txt", stat("/made.txt", &st));
    show("stat /up.txt", stat("/up.txt", &st));
    show("stat /rel2.txt", stat("/rel2.txt", &st));
    show("stat /stolen.txt", stat("/stolen.txt", &st));
    show("stat /d", stat("/d", &st));
    cat("/secret.txt", "/secret.txt");
    return 0;
}
