/* ipc-grate across exec: a pipe fd survives exec, a close-on-exec one does
 * not, and the exec'd program reads the pipe on its stdin (dup2'd onto 0).
 * Without the grate the fds are below 512 and the first check fails. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 4) { /* the exec'd side: argv = prog, "child", keptfd, cloexecfd */
        int kept = atoi(argv[2]), gone = atoi(argv[3]);
        char b[64] = {0};
        ssize_t n = read(0, b, sizeof b - 1);
        printf("child read on stdin: %s", n > 0 ? b : "(nothing)\n");
        printf("kept fd %s\n", fcntl(kept, F_GETFD) == 0 ? "open" : "closed");
        printf("close-on-exec fd %s\n", fcntl(gone, F_GETFD) == -1 && errno == EBADF ? "closed" : "open");
        printf("child read at EOF: %zd\n", read(0, b, 1));
        return 0;
    }
    int p[2], keep[2], cx[2];
    if (pipe(p) || pipe(keep) || pipe2(cx, O_CLOEXEC)) return 1;
    printf("grate fds: %s\n", p[0] >= 512 && keep[0] >= 512 && cx[0] >= 512 ? "yes" : "no");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[0], 0);
        close(p[0]);
        close(p[1]);
        char k[16], g[16];
        snprintf(k, sizeof k, "%d", keep[0]);
        snprintf(g, sizeof g, "%d", cx[0]);
        char *args[] = {argv[0], "child", k, g, NULL};
        execv(argv[0], args);
        perror("execv");
        _exit(127);
    }
    close(p[0]);
    write(p[1], "through exec\n", 13);
    close(p[1]);
    int st;
    waitpid(pid, &st, 0);
    printf("child status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
