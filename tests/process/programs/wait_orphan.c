/* Orphans: a child forks a grandchild and exits; the grandchild keeps
 * running, sees its parent change (reparented: to init or a subreaper
 * natively, to cage 1 under lind -- only "changed" is printed), and can
 * still talk to the top process through an inherited pipe. The top only
 * ever waits for its own child by pid (an orphan may or may not become
 * its child, depending on the system). */
#include "proctest.h"

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int rep[2], hold[2], checked[2];
    CHECK(pipe(rep));
    CHECK(pipe(hold));
    CHECK(pipe(checked));
    pid_t mid = xfork();
    if (mid == 0) {
        close(rep[0]);
        pid_t me = getpid();
        pid_t g = xfork();
        if (g == 0) {
            close(hold[1]);
            char line[128];
            int orig = getppid() == me;
            /* the middle waits for this before it exits */
            close(checked[0]);
            gate_open(checked[1]);
            close(checked[1]);
            /* wait until the middle process has exited */
            gate_pass(hold[0]);
            int changed = 0;
            for (int i = 0; i < 500 && !changed; i++) {
                if (getppid() != me) changed = 1;
                else sleep_ms(10);
            }
            snprintf(line, sizeof line, "grandchild: parent was the middle process: %s\n", orig ? "yes" : "NO");
            write_str(rep[1], line);
            snprintf(line, sizeof line, "grandchild: %s\n", changed ? "reparented" : "NOT reparented");
            write_str(rep[1], line);
            close(rep[1]);
            _exit(0);
        }
        close(hold[0]);
        close(hold[1]);
        close(rep[1]);
        close(checked[1]);
        gate_pass(checked[0]);
        _exit(6); /* leaves g behind */
    }
    close(rep[1]);
    close(hold[0]);
    close(checked[0]);
    close(checked[1]);
    wait_show(mid, "middle");
    /* the middle is gone: let the grandchild look */
    gate_open(hold[1]);
    close(hold[1]);
    size_t n;
    char *s = slurp_fd(rep[0], &n);
    say("%s", s);
    free(s);
    close(rep[0]);
    return 0;
}
