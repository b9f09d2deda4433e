/* Forks; the child's very first call asks the grate whether its state
 * for the child is there (forkgate_grate). */
#include "gratetest.h"

int main(void) {
    for (int i = 0; i < 3; i++) {
        pid_t pid = fork();
        if (pid == 0) _exit(geteuid() == 1 ? 0 : 1);
        say("child %d found its state set up: %s\n", i, yn(wait_for(pid) == 0));
    }
    return 0;
}
