/* Under strace-grate: a forked child is followed. While both processes
 * live every line carries "[pid N]" (N: the cage id; the program is cage 2,
 * its child cage 3). The child sleeps first so that the parent's clone
 * line is printed before any of the child's. */
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec ts = {0, 200000000};
        nanosleep(&ts, NULL);
        write(1, "child\n", 6);
        _exit(7);
    }
    int st;
    waitpid(pid, &st, 0);
    write(1, "parent\n", 7);
    return WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : 1;
}
