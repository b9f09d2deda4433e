/* SIGCHLD: a handler runs when a child exits (shown race-free with the
 * signal blocked and sigsuspend); several exits while blocked coalesce
 * into one pending SIGCHLD; the default disposition ignores it (and the
 * child stays a waitable zombie); with SIGCHLD set to SIG_IGN children
 * are reaped automatically and wait() fails with ECHILD. */
#include "proctest.h"

static volatile sig_atomic_t chld;
static void on_chld(int s) { (void)s; chld++; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(set_handler(SIGCHLD, on_chld, 0));
    CHECK(block_sig(SIG_BLOCK, SIGCHLD));
    pid_t pid = xfork();
    if (pid == 0) child_exit(3);
    sigset_t none;
    sigemptyset(&none);
    while (chld == 0) sigsuspend(&none);
    say("SIGCHLD handled %d time(s)\n", (int)chld);
    wait_show(pid, "child");

    /* three exits while blocked: one pending SIGCHLD */
    chld = 0;
    pid_t k[3];
    for (int i = 0; i < 3; i++) {
        k[i] = xfork();
        if (k[i] == 0) child_exit(i);
    }
    for (int i = 0; i < 3; i++) xwait(k[i]);
    say("after reaping 3 with SIGCHLD blocked: handled %d, pending %d\n", (int)chld, sig_pending(SIGCHLD));
    CHECK(block_sig(SIG_UNBLOCK, SIGCHLD));
    say("unblocked: handled %d\n", (int)chld);

    /* default: ignored, the child is still a zombie to collect */
    CHECK(signal(SIGCHLD, SIG_DFL) == on_chld);
    pid = xfork();
    if (pid == 0) child_exit(7);
    sleep_ms(200);
    CHECK(kill(pid, 0));
    wait_show(pid, "child with SIGCHLD at default");

    /* SIG_IGN: no zombies; wait() blocks until the children are gone,
     * then ECHILD */
    CHECK(signal(SIGCHLD, SIG_IGN) == SIG_DFL);
    for (int i = 0; i < 3; i++) {
        pid = xfork();
        if (pid == 0) child_exit(i);
    }
    int st;
    CHECK(wait(&st));
    CHECK(waitpid(pid, &st, WNOHANG));
    CHECK(signal(SIGCHLD, SIG_DFL) == SIG_IGN);
    return 0;
}
