/* sigaction flags and masks: during a handler its own signal is blocked
 * (a re-raise waits until the handler returns) unless SA_NODEFER (then it
 * nests); sa_mask blocks more signals during the handler (and they are
 * pending inside it, delivered after); the mask is restored afterwards;
 * SA_RESETHAND puts SIG_DFL back after the first delivery (a second
 * raise then kills, shown in a child); sigaction reports the flags and
 * mask it was given. */
#include "proctest.h"

static volatile sig_atomic_t depth, maxdepth, calls, usr2_calls;
static volatile int usr2_pending_inside, usr2_blocked_inside, self_blocked_inside, usr2_before_return;

static void reraise(int s) {
    calls++;
    depth++;
    if (depth > maxdepth) maxdepth = depth;
    self_blocked_inside = sig_blocked(s);
    if (calls == 1) raise(s);
    depth--;
}

static void usr2(int s) { (void)s; usr2_calls++; }

static void with_mask(int s) {
    (void)s;
    calls++;
    raise(SIGUSR2);
    usr2_pending_inside = sig_pending(SIGUSR2);
    usr2_blocked_inside = sig_blocked(SIGUSR2);
    usr2_before_return = usr2_calls;
}

static void once(int s) { (void)s; calls++; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    /* default: the signal is blocked in its handler */
    CHECK(set_handler(SIGUSR1, reraise, 0));
    CHECK(raise(SIGUSR1));
    say("default: calls=%d maxdepth=%d, blocked inside=%d, blocked after=%d\n", (int)calls, (int)maxdepth,
        self_blocked_inside, sig_blocked(SIGUSR1));

    calls = maxdepth = 0;
    CHECK(set_handler(SIGUSR1, reraise, SA_NODEFER));
    CHECK(raise(SIGUSR1));
    say("SA_NODEFER: calls=%d maxdepth=%d, blocked inside=%d\n", (int)calls, (int)maxdepth, self_blocked_inside);

    /* sa_mask */
    calls = 0;
    CHECK(set_handler(SIGUSR2, usr2, 0));
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = with_mask;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sa.sa_flags = SA_RESTART;
    CHECK(sigaction(SIGUSR1, &sa, NULL));
    CHECK(raise(SIGUSR1));
    say("sa_mask: SIGUSR2 raised inside: pending inside=%d, blocked inside=%d, handled inside=%d, handled after=%d\n",
        usr2_pending_inside, usr2_blocked_inside, usr2_before_return, (int)usr2_calls);
    say("after the handler: SIGUSR2 blocked=%d, pending=%d\n", sig_blocked(SIGUSR2), sig_pending(SIGUSR2));
    CHECK(sigaction(SIGUSR1, NULL, &old));
    EXPECT(old.sa_handler == with_mask);
    EXPECT((old.sa_flags & SA_RESTART) != 0);
    EXPECT((old.sa_flags & SA_NODEFER) == 0);
    EXPECT(sigismember(&old.sa_mask, SIGUSR2) == 1);
    EXPECT(sigismember(&old.sa_mask, SIGTERM) == 0);

    /* SA_RESETHAND */
    calls = 0;
    CHECK(set_handler(SIGUSR1, once, SA_RESETHAND));
    CHECK(raise(SIGUSR1));
    CHECK(sigaction(SIGUSR1, NULL, &old));
    EXPECT(old.sa_handler == SIG_DFL);
    say("SA_RESETHAND: calls=%d\n", (int)calls);
    pid_t pid = xfork();
    if (pid == 0) {
        calls = 0;
        set_handler(SIGUSR2, once, SA_RESETHAND);
        raise(SIGUSR2);
        raise(SIGUSR2); /* now SIG_DFL: terminates */
        child_exit(calls);
    }
    wait_show(pid, "child raising twice with SA_RESETHAND");
    return 0;
}
