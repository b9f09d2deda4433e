/* tmp-grate test. The runner puts this program at /tmp_test.cwasm and at
 * /tmp/tmp_test.cwasm (lindfs_dir "tmp"), and shared.txt at /. Under the
 * grate the program (cage 2) has a private, empty /tmp: the real
 * /tmp/tmp_test.cwasm is not there by any spelling ("..", relative paths,
 * a symlink, a dirfd), while paths outside /tmp are shared. A forked child
 * (cage 3) has its own /tmp: the parent's files there are invisible to it
 * and its own to the parent; a file outside /tmp is shared both ways.
 * Without the grate everything is shared: the output differs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../common/test/fs_checks.h"

static void cwd(const char *who) {
    char buf[256];
    printf("%s getcwd: %s\n", who, getcwd(buf, sizeof buf) ? buf : strerror(errno));
}

int main(void) {
    struct stat st;
    printf("parent is cage %d\n", (int)getpid());
    show("stat /tmp", stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1);
    show("stat /tmp/tmp_test.cwasm", stat("/tmp/tmp_test.cwasm", &st));
    show("stat /tmp/../tmp/./tmp_test.cwasm", stat("/tmp/../tmp/./tmp_test.cwasm", &st));
    show("stat tmp/tmp_test.cwasm", stat("tmp/tmp_test.cwasm", &st));
    show("stat /tmp/cage-2/tmp_test.cwasm", stat("/tmp/cage-2/tmp_test.cwasm", &st));
    show("stat /tmp/../tmp_test.cwasm", stat("/tmp/../tmp_test.cwasm", &st));
    cat("open /shared.txt", "/shared.txt");
    show("create /tmp/a.txt", put("/tmp/a.txt", "private a\n"));
    show("create /out.txt", put("/out.txt", "outside\n"));
    show("mkdir /tmp/d", mkdir("/tmp/d", 0755));
    show("chdir /tmp/d", chdir("/tmp/d"));
    cwd("parent");
    cat("open ../a.txt", "../a.txt");
    cat("open ../../shared.txt", "../../shared.txt");
    show("stat ../tmp_test.cwasm", stat("../tmp_test.cwasm", &st));
    show("symlink /tmp /tmplink", symlink("/tmp", "/tmplink"));
    cat("open /tmplink/a.txt", "/tmplink/a.txt");
    show("stat /tmplink/tmp_test.cwasm", stat("/tmplink/tmp_test.cwasm", &st));
    int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
    show("open /tmp dir", dfd);
    show("fstatat tmp tmp_test.cwasm", fstatat(dfd, "tmp_test.cwasm", &st, 0));
    show("faccessat tmp a.txt", faccessat(dfd, "a.txt", F_OK, 0));
    show("rename /tmp/a.txt /tmp/d/b.txt", rename("/tmp/a.txt", "/tmp/d/b.txt"));
    cat("open b.txt", "b.txt");
    show("unlink /tmp/tmp_test.cwasm", unlink("/tmp/tmp_test.cwasm"));
    close(dfd);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child is cage %d\n", (int)getpid());
        show("child stat /tmp/d/b.txt", stat("/tmp/d/b.txt", &st));
        show("child stat /tmp/cage-2/d/b.txt", stat("/tmp/cage-2/d/b.txt", &st));
        show("child stat /tmp/../tmp/cage-2", stat("/tmp/../tmp/cage-2", &st));
        cat("child open /out.txt", "/out.txt");
        show("child create /tmp/c.txt", put("/tmp/c.txt", "child c\n"));
        show("child create /out2.txt", put("/out2.txt", "from child\n"));
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    show("stat /tmp/c.txt", stat("/tmp/c.txt", &st));
    cat("open /out2.txt", "/out2.txt");
    unlink("/tmplink");
    unlink("/out.txt");
    unlink("/out2.txt");
    return 0;
}
