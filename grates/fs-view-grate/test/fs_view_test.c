/* fs-view-grate test. The runner puts this program at /fs_view_test.cwasm
 * and at /cage-2/fs_view_test.cwasm (lindfs_dir), and marker.txt at /. Under
 * the grate the program (cage 2) sees /cage-2 as "/": its own binary is
 * there, /marker.txt and /grates are not, and ".." cannot leave the view. A
 * forked child (cage 3) has a view of its own (/cage-3): it sees neither the
 * parent's files nor the binary (its exec fails), and the files it creates
 * are invisible to the parent. Without the grate every lookup sees the real
 * root and both cages share their files: the output differs. */
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

int main(int argc, char **argv) {
    (void)argc;
    struct stat st;
    printf("parent is cage %d\n", (int)getpid());
    cwd("parent");
    show("parent stat own binary", stat("/fs_view_test.cwasm", &st));
    cat("parent open /marker.txt", "/marker.txt");
    cat("parent open ../marker.txt", "../marker.txt");
    cat("parent open /../../marker.txt", "/../../marker.txt");
    show("parent stat /grates", stat("/grates", &st));
    show("parent stat /cage-2", stat("/cage-2", &st));
    show("parent mkdir /work", mkdir("/work", 0755));
    show("parent chdir work", chdir("work"));
    cwd("parent");
    show("parent create p.txt", put("p.txt", "parent\n"));
    show("parent rename p.txt ../../q.txt", rename("p.txt", "../../q.txt"));
    cat("parent open /q.txt", "/q.txt");
    show("parent symlink /q.txt link", symlink("/q.txt", "link"));
    cat("parent open link", "link");
    show("parent access ../../../marker.txt", access("../../../marker.txt", F_OK));
    show("parent unlink ../../marker.txt", unlink("../../marker.txt"));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child is cage %d\n", (int)getpid());
        cwd("child");
        cat("child open /q.txt", "/q.txt");
        show("child stat binary", stat("/fs_view_test.cwasm", &st));
        cat("child open /../cage-2/q.txt", "/../cage-2/q.txt");
        show("child mkdir /work", mkdir("/work", 0755));
        show("child create /work/c.txt", put("/work/c.txt", "child\n"));
        cat("child open c.txt", "c.txt");
        fflush(stdout);
        char *args[] = {argv[0], NULL};
        execv("/fs_view_test.cwasm", args);
        printf("child exec: %s\n", strerror(errno));
        fflush(stdout);
        _exit(3);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    cat("parent open c.txt", "c.txt");
    cat("parent open /q.txt", "/q.txt");
    return 0;
}
