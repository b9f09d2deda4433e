/* Stop and continue (issue 4: "if feasible"): SIGSTOP stops a child
 * (waitpid with WUNTRACED reports WIFSTOPPED/WSTOPSIG), a stopped child
 * is not reported without WUNTRACED, SIGCONT resumes it (WCONTINUED
 * reports WIFCONTINUED), SIGTSTP with its default action stops too, and
 * SIGKILL kills a stopped child. */
#include "proctest.h"

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int hold[2], ready[2];
    CHECK(pipe(hold));
    CHECK(pipe(ready));
    pid_t pid = xfork();
    if (pid == 0) {
        close(hold[1]);
        close(ready[0]);
        gate_open(ready[1]);
        char c;
        while (read(hold[0], &c, 1) != 0) {}
        child_exit(8);
    }
    close(hold[0]);
    close(ready[1]);
    gate_pass(ready[0]);
    int st;
    CHECK(kill(pid, SIGSTOP));
    pid_t r = waitpid(pid, &st, WUNTRACED);
    EXPECT(r == pid);
    say("after SIGSTOP: %s, WIFSTOPPED=%d WSTOPSIG=%s\n", status_str(st), WIFSTOPPED(st) ? 1 : 0,
        signame(WSTOPSIG(st)));
    CHECK(waitpid(pid, &st, WNOHANG));
    CHECK(waitpid(pid, &st, WNOHANG | WUNTRACED));
    CHECK(kill(pid, SIGCONT));
    r = waitpid(pid, &st, WCONTINUED);
    EXPECT(r == pid);
    say("after SIGCONT: %s, WIFCONTINUED=%d\n", status_str(st), WIFCONTINUED(st) ? 1 : 0);
    CHECK(kill(pid, SIGTSTP));
    r = waitpid(pid, &st, WUNTRACED);
    say("after SIGTSTP: %s\n", status_str(st));
    CHECK(kill(pid, SIGKILL));
    wait_show(pid, "stopped child after SIGKILL");

    /* stopped, continued, then it finishes normally */
    pid = xfork();
    if (pid == 0) {
        close(hold[1]);
        raise(SIGSTOP);
        child_exit(9);
    }
    r = waitpid(pid, &st, WUNTRACED);
    say("self-stopped: %s\n", status_str(st));
    CHECK(kill(pid, SIGCONT));
    wait_show(pid, "continued child");
    close(hold[1]);
    return 0;
}
