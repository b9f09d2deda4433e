/* launcher: cage 1 for tests whose grate must end before its cage does
 * (lind-boot exits as soon as cage 1 exits, so cage 1 may not be that
 * grate). Runs argv[1...] as its child, then reaps every child it gets --
 * its own and the orphans reparented to it (cage 1) -- until ECHILD, and
 * only then prints what it reaped, in order (no output while other cages
 * may still print). Exits 0. */
#include "gratetest.h"

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: launcher PROGRAM [ARGS...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid == -1) {
        say("launcher: fork: %s\n", crc(-1));
        return 1;
    }
    if (pid == 0) {
        execv(argv[1], argv + 1);
        say("launcher: execv %s: %s\n", argv[1], crc(-1));
        _exit(127);
    }
    char lines[8][64];
    int n = 0;
    for (;;) {
        int st;
        pid_t w = wait(&st);
        if (w == -1) {
            if (errno == EINTR) continue;
            if (errno != ECHILD) say("launcher: wait: %s\n", crc(-1));
            break;
        }
        if (n < 8) snprintf(lines[n++], sizeof lines[0], "%s: %s", w == pid ? "my child" : "an orphan", wstatus(st));
    }
    for (int i = 0; i < n; i++) say("launcher: reaped %s\n", lines[i]);
    return 0;
}
