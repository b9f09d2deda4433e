/* Close-on-exec across execve: fds opened with O_CLOEXEC, made by
 * F_DUPFD_CLOEXEC, dup3(O_CLOEXEC), pipe2(O_CLOEXEC) or marked with
 * F_SETFD are closed in the new image; plain ones, and dup/dup2/F_DUPFD
 * copies (which never inherit the flag), stay open, sharing their offsets
 * (bin/fdinfo reads fd 3 and then fd 20, which share one description).
 * No fork: cage 1 execs bin/fdinfo itself. */
#include "proctest.h"

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(put_file("plain.txt", "plain-file-data-0123456789-abcdefghijklmnopqrstuvwxyz-end\n"));
    CHECK(put_file("cloexec.txt", "cloexec-file-data\n"));
    int p3 = CHECK(open("plain.txt", O_RDONLY));
    CHECK(lseek(p3, 6, SEEK_SET));
    int c4 = CHECK(open("cloexec.txt", O_RDONLY | O_CLOEXEC));
    CHECK(fcntl(p3, F_DUPFD_CLOEXEC, 5));
    CHECK(dup(c4));
    CHECK(dup3(p3, 7, O_CLOEXEC));
    CHECK(dup2(c4, 8));
    int k9 = CHECK(open("cloexec.txt", O_RDONLY | O_CLOEXEC));
    CHECK(fcntl(k9, F_SETFD, 0));
    int c10 = CHECK(open("plain.txt", O_RDONLY));
    CHECK(fcntl(c10, F_SETFD, FD_CLOEXEC));
    int pc[2], pk[2];
    CHECK(pipe2(pc, O_CLOEXEC));
    CHECK(pipe(pk));
    say("pipe2 O_CLOEXEC fds %d %d, pipe fds %d %d\n", pc[0], pc[1], pk[0], pk[1]);
    CHECK(fcntl(p3, F_DUPFD, 20));
    for (int fd = 3; fd <= 20; fd++) {
        int f = fcntl(fd, F_GETFD);
        if (f >= 0) say("fd %d: FD_CLOEXEC %s\n", fd, (f & FD_CLOEXEC) ? "set" : "clear");
    }
    char *av[] = {"fdinfo", "9", NULL};
    fflush(stdout);
    execv("bin/fdinfo", av);
    say("execv failed: %s\n", errname(errno));
    return 1;
}
