/* Waiting for signals: sigsuspend() swaps in a mask, returns -1 EINTR
 * after a handler ran, and puts the old mask back (the classic race-free
 * wait: block, fork the sender, sigsuspend); pause() returns -1 EINTR
 * once a handler has run (a child keeps poking us every 50 ms until we
 * say we are awake, so no poke is lost to the race before pause);
 * sigsuspend leaves signals it keeps blocked pending. */
#include "proctest.h"

static volatile sig_atomic_t n1, n2;
static void h1(int s) { (void)s; n1++; }
static void h2(int s) { (void)s; n2++; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(set_handler(SIGUSR1, h1, 0));
    CHECK(set_handler(SIGUSR2, h2, 0));
    CHECK(block_sig(SIG_BLOCK, SIGUSR1));
    pid_t parent = getpid();
    pid_t pid = xfork();
    if (pid == 0) {
        kill(parent, SIGUSR1);
        child_exit(0);
    }
    sigset_t none;
    sigemptyset(&none);
    int r = sigsuspend(&none);
    int e = errno;
    say("sigsuspend = %d %s, handler ran %d, SIGUSR1 blocked again: %d\n", r, errname(e), (int)n1,
        sig_blocked(SIGUSR1));
    xwait(pid);

    /* sigsuspend with SIGUSR2 kept blocked: SIGUSR2 stays pending, SIGUSR1
     * wakes it */
    CHECK(block_sig(SIG_BLOCK, SIGUSR2));
    CHECK(kill(getpid(), SIGUSR2));
    n1 = 0;
    pid = xfork();
    if (pid == 0) {
        kill(parent, SIGUSR1);
        child_exit(0);
    }
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    r = sigsuspend(&only2);
    e = errno;
    say("sigsuspend(mask {USR2}) = %d %s, usr1 ran %d, usr2 ran %d, usr2 pending %d\n", r, errname(e), (int)n1,
        (int)n2, sig_pending(SIGUSR2));
    xwait(pid);
    CHECK(block_sig(SIG_UNBLOCK, SIGUSR2));
    say("usr2 ran %d\n", (int)n2);
    CHECK(block_sig(SIG_UNBLOCK, SIGUSR1));

    /* pause */
    int stop[2];
    CHECK(pipe(stop));
    n1 = 0;
    pid = xfork();
    if (pid == 0) {
        close(stop[1]);
        fcntl(stop[0], F_SETFL, O_NONBLOCK);
        char c;
        for (int i = 0; i < 200; i++) {
            kill(parent, SIGUSR1);
            if (read(stop[0], &c, 1) == 0) break; /* EOF: parent is awake */
            sleep_ms(50);
        }
        child_exit(0);
    }
    close(stop[0]);
    r = pause();
    e = errno;
    close(stop[1]);
    say("pause = %d %s, handler ran: %s\n", r, errname(e), n1 > 0 ? "yes" : "NO");
    xwait(pid);
    return 0;
}
