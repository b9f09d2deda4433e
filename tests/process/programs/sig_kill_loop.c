/* A cage spinning in a tight loop (no calls at all) can still be
 * interrupted and killed: a handler runs in a child spinning on a
 * volatile flag (the loop ends when the handler sets it); SIGKILL and
 * SIGTERM kill a child in `for (;;);`; SIGKILL kills a spinning child
 * that has blocked every signal it can; and an exec'd spinner
 * (bin/spin) is killed after it said it was spinning. */
#include "proctest.h"

static volatile sig_atomic_t flag;
static void h(int s) { (void)s; flag = 1; }

/* fork a child that runs BODY after telling us it is ready */
static pid_t spinner(int kind) {
    int ready[2];
    if (pipe(ready) < 0) exit(1);
    pid_t pid = xfork();
    if (pid == 0) {
        close(ready[0]);
        if (kind == 0) set_handler(SIGUSR1, h, 0);
        if (kind == 2) {
            sigset_t all;
            sigfillset(&all);
            sigprocmask(SIG_SETMASK, &all, NULL);
        }
        gate_open(ready[1]);
        close(ready[1]);
        if (kind == 0) {
            while (!flag) {}
            child_exit(5);
        }
        for (;;) {}
    }
    close(ready[1]);
    gate_pass(ready[0]);
    close(ready[0]);
    sleep_ms(100); /* well into the loop */
    return pid;
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    pid_t pid = spinner(0);
    CHECK(kill(pid, SIGUSR1));
    wait_show(pid, "spinning on a flag, sent SIGUSR1");

    pid = spinner(1);
    CHECK(kill(pid, SIGKILL));
    wait_show(pid, "for(;;), sent SIGKILL");

    pid = spinner(1);
    CHECK(kill(pid, SIGTERM));
    wait_show(pid, "for(;;), sent SIGTERM");

    pid = spinner(2);
    CHECK(kill(pid, SIGTERM));
    sleep_ms(100);
    int st;
    CHECK(waitpid(pid, &st, WNOHANG));
    CHECK(kill(pid, SIGKILL));
    wait_show(pid, "for(;;) with all signals blocked, sent SIGTERM then SIGKILL");

    /* an exec'd spinner */
    int p[2];
    CHECK(pipe(p));
    pid = xfork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        char *av[] = {"spin", NULL};
        execv("bin/spin", av);
        _exit(127);
    }
    close(p[1]);
    char line[32] = {0};
    CHECK(read(p[0], line, sizeof line - 1));
    say("it said: %s", line);
    sleep_ms(100);
    CHECK(kill(pid, SIGKILL));
    wait_show(pid, "bin/spin, sent SIGKILL");
    CHECK(read(p[0], line, sizeof line));
    close(p[0]);
    return 0;
}
