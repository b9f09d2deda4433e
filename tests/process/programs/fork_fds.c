/* What fork shares and what it copies: the child's fds refer to the same
 * open file descriptions (shared offset and status flags such as
 * O_APPEND), but the fd table itself is a copy (closing, dup2, and the
 * per-fd FD_CLOEXEC flag in the child do not affect the parent); cwd and
 * umask are copied, not shared. */
#include "proctest.h"

int main(int argc, char **argv) {
    proc_init(argc, argv);
    tl_cwd_init();
    CHECK(mkdir("sub", 0755));
    int fd = CHECK(open("shared.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    int fd2 = CHECK(dup(fd));
    CHECK(write(fd, "AAAA", 4));
    int fl = CHECK(open("flags.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));

    pid_t pid = xfork();
    if (pid == 0) {
        say("child: offset inherited: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
        CHECK(write(fd, "BBBB", 4));
        CHECK(fcntl(fl, F_SETFL, O_APPEND));
        CHECK(fcntl(fl, F_SETFD, FD_CLOEXEC));
        CHECK(close(fd2));
        CHECK(dup2(fd, 10));
        CHECK(chdir("sub"));
        say("child: cwd %s\n", rel_cwd());
        CHECK(umask(077));
        CHECK(umask(077));
        child_exit(0);
    }
    wait_show(pid, "child");
    CHECK(lseek(fd, 0, SEEK_CUR));
    CHECK(lseek(fd2, 0, SEEK_CUR));
    EXPECT((fcntl(fl, F_GETFL) & O_APPEND) != 0);
    EXPECT((fcntl(fl, F_GETFD) & FD_CLOEXEC) == 0);
    CHECK(fcntl(10, F_GETFD));
    say("parent: cwd %s\n", rel_cwd());
    CHECK(umask(022));
    show_file("shared.txt");

    /* both write through the shared offset, one after the other */
    pid = xfork();
    if (pid == 0) {
        write(fd, "child|", 6);
        child_exit(0);
    }
    xwait(pid);
    CHECK(write(fd, "parent|", 7));
    show_file("shared.txt");

    /* a child writing with O_APPEND on the shared description lands at
     * the end even after the parent seeks back */
    CHECK(lseek(fl, 0, SEEK_SET));
    pid = xfork();
    if (pid == 0) {
        write(fl, "appended-by-child\n", 18);
        child_exit(0);
    }
    xwait(pid);
    CHECK(write(fl, "appended-by-parent\n", 19));
    show_file("flags.txt");
    return 0;
}
