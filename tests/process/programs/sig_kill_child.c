/* Signals to a child: a handler in the child runs (the child waits in
 * sigsuspend with the signal blocked until then, so nothing is lost);
 * two different signals both arrive; a child blocked in read() dies of
 * SIGTERM, SIGUSR2, SIGKILL, SIGHUP and SIGINT by default; a child that
 * ignores SIGTERM survives it; kill(child, 0) succeeds while it lives and
 * while it is a zombie (signalling a zombie succeeds and changes
 * nothing), and fails with ESRCH once reaped. */
#include "proctest.h"

static volatile sig_atomic_t got1, got2;
static void h1(int s) { (void)s; got1++; }
static void h2(int s) { (void)s; got2++; }

/* fork a child blocked in read() on a pipe, after it signals readiness;
 * if IGN, it ignores SIGTERM first */
static pid_t blocked_child(int *hold_w, int ign) {
    int hold[2], ready[2];
    if (pipe(hold) < 0 || pipe(ready) < 0) { say("pipe: %s\n", errname(errno)); exit(1); }
    pid_t pid = xfork();
    if (pid == 0) {
        close(hold[1]);
        close(ready[0]);
        if (ign) signal(SIGTERM, SIG_IGN);
        gate_open(ready[1]);
        char c;
        ssize_t r = read(hold[0], &c, 1);
        child_exit(r == 0 ? 0 : 1); /* EOF: released normally */
    }
    close(hold[0]);
    close(ready[1]);
    gate_pass(ready[0]);
    close(ready[0]);
    *hold_w = hold[1];
    return pid;
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int ready[2];
    CHECK(pipe(ready));
    pid_t pid = xfork();
    if (pid == 0) {
        close(ready[0]);
        sigset_t both, none;
        sigemptyset(&both);
        sigaddset(&both, SIGUSR1);
        sigaddset(&both, SIGUSR2);
        sigprocmask(SIG_BLOCK, &both, NULL);
        set_handler(SIGUSR1, h1, 0);
        set_handler(SIGUSR2, h2, 0);
        gate_open(ready[1]);
        sigemptyset(&none);
        while (!(got1 && got2)) sigsuspend(&none);
        child_exit(10 * got1 + got2);
    }
    close(ready[1]);
    gate_pass(ready[0]);
    close(ready[0]);
    CHECK(kill(pid, 0));
    CHECK(kill(pid, SIGUSR1));
    CHECK(kill(pid, SIGUSR2));
    wait_show(pid, "child with handlers (10*usr1 + usr2)");
    CHECK(kill(pid, 0));
    CHECK(kill(pid, SIGUSR1));

    int hold;
    int sigs[] = {SIGTERM, SIGUSR2, SIGKILL, SIGHUP, SIGINT};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        pid = blocked_child(&hold, 0);
        CHECK(kill(pid, sigs[i]) == 0);
        char label[48];
        snprintf(label, sizeof label, "blocked child sent %s", signame(sigs[i]));
        wait_show(pid, label);
        close(hold);
    }
    pid = blocked_child(&hold, 1);
    CHECK(kill(pid, SIGTERM));
    sleep_ms(100);
    CHECK(kill(pid, 0));
    close(hold); /* EOF releases it */
    wait_show(pid, "child ignoring SIGTERM");

    /* a zombie: exited (EOF on its pipe, then 300 ms), not yet reaped */
    int p[2];
    CHECK(pipe(p));
    pid = xfork();
    if (pid == 0) {
        close(p[0]);
        child_exit(4);
    }
    close(p[1]);
    char c;
    while (read(p[0], &c, 1) > 0) {}
    close(p[0]);
    sleep_ms(300);
    CHECK(kill(pid, 0));
    CHECK(kill(pid, SIGTERM));
    wait_show(pid, "zombie (sent SIGTERM after it exited)");
    CHECK(kill(pid, 0));
    return 0;
}
