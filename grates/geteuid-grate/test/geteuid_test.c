/* Under geteuid-grate, geteuid is 10 in the program and in its children;
 * getuid is untouched. Exits 1 on any failure. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fail = 0;
    printf("geteuid: %d\n", (int)geteuid());
    fail |= geteuid() != 10;
    fail |= getuid() == 10 && getuid() != geteuid();
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child geteuid: %d\n", (int)geteuid());
        fflush(stdout);
        _exit(geteuid() == 10 ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    fail |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    return fail;
}
