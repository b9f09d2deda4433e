/* execve keeps the process and replaces the program: the pid and parent
 * stay, the cwd and umask stay, fds without close-on-exec stay open with
 * their offsets, globals and heap start fresh, and the new image's exit
 * status is the process's. No fork: cage 1 itself execs this program
 * again (./NAME stage1 ...). */
#include "proctest.h"

static int global = 11;

int main(int argc, char **argv) {
    if (argc >= 6 && strcmp(argv[1], "stage1") == 0) {
        /* the new image */
        say("stage1: argc=%d global=%d\n", argc, global);
        EXPECT(getpid() == (pid_t)atol(argv[3]));
        EXPECT(getppid() == (pid_t)atol(argv[4]));
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            size_t n = strcmp(argv[2], "/") == 0 ? 0 : strlen(argv[2]);
            say("stage1: cwd relative to the start: %s\n",
                strncmp(cwd, argv[2], n) == 0 ? cwd + n : "<elsewhere>");
        }
        mode_t m = umask(0);
        say("stage1: umask %03o\n", (unsigned)m);
        int fd = atoi(argv[5]);
        char buf[8] = {0};
        CHECK(lseek(fd, 0, SEEK_CUR));
        CHECK(read(fd, buf, 4));
        say("stage1: read \"%s\" from the inherited fd\n", buf);
        CHECK(fcntl(fd + 1, F_GETFD)); /* the O_CLOEXEC one: gone */
        CHECK(write(fd, "<stage1>", 8));
        close(fd);
        show_file("../kept.txt");
        return 7;
    }
    proc_init(argc, argv);
    char start[4096];
    if (!getcwd(start, sizeof start)) return 2;
    global = 99;
    CHECK(mkdir("sub", 0755));
    int fd = CHECK(open("kept.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(write(fd, "0123456789ABCDEF", 16));
    CHECK(lseek(fd, 4, SEEK_SET));
    CHECK(open("kept.txt", O_RDONLY | O_CLOEXEC));
    CHECK(chdir("sub"));
    CHECK(umask(027));
    char pidbuf[24], ppidbuf[24], fdbuf[8];
    snprintf(pidbuf, sizeof pidbuf, "%ld", (long)getpid());
    snprintf(ppidbuf, sizeof ppidbuf, "%ld", (long)getppid());
    snprintf(fdbuf, sizeof fdbuf, "%d", fd);
    /* PROG is relative to the start dir; we are in sub/ now */
    char path[256];
    snprintf(path, sizeof path, "../%s", PROG);
    char *nargv[] = {path, "stage1", start, pidbuf, ppidbuf, fdbuf, NULL};
    say("exec'ing %s stage1\n", PROG);
    fflush(stdout);
    execv(path, nargv);
    say("execv failed: %s\n", errname(errno));
    return 1;
}
