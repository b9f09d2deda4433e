/* sigprocmask and pending signals: a blocked signal stays pending (the
 * handler does not run), several kills of one standard signal coalesce
 * into one delivery, unblocking delivers before sigprocmask returns,
 * two pending signals are delivered lowest number first (SIGUSR1's
 * handler masks SIGUSR2, so Linux runs it to completion instead of
 * stacking SIGUSR2's frame on top of it), SIG_SETMASK returns the old
 * mask, SIGKILL/SIGSTOP cannot be blocked (silently left out), a bad
 * `how` is EINVAL; across fork the child inherits the mask but not the
 * pending signals. */
#include "proctest.h"

static volatile sig_atomic_t n1, n2;
static char order[16];
static volatile int olen;
static void h1(int s) { (void)s; n1++; if (olen < 15) order[olen++] = '1'; }
static void h2(int s) { (void)s; n2++; if (olen < 15) order[olen++] = '2'; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h1;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    CHECK(sigaction(SIGUSR1, &sa, NULL));
    CHECK(set_handler(SIGUSR2, h2, 0));
    CHECK(block_sig(SIG_BLOCK, SIGUSR1));
    EXPECT(sig_blocked(SIGUSR1) == 1);
    EXPECT(sig_pending(SIGUSR1) == 0);
    /* kill, not raise: glibc's raise is thread-directed (tgkill) and
     * Linux keeps a separate pending set for it */
    CHECK(kill(getpid(), SIGUSR1));
    CHECK(kill(getpid(), SIGUSR1));
    CHECK(kill(getpid(), SIGUSR1));
    say("blocked: handler ran %d, pending %d\n", (int)n1, sig_pending(SIGUSR1));
    CHECK(block_sig(SIG_UNBLOCK, SIGUSR1));
    say("unblocked: handler ran %d (3 kills coalesce), pending %d\n", (int)n1, sig_pending(SIGUSR1));

    /* two pending: lowest first */
    sigset_t both, old, cur;
    sigemptyset(&both);
    sigaddset(&both, SIGUSR1);
    sigaddset(&both, SIGUSR2);
    CHECK(sigprocmask(SIG_BLOCK, &both, &old));
    EXPECT(sigismember(&old, SIGUSR1) == 0);
    CHECK(kill(getpid(), SIGUSR2));
    CHECK(kill(getpid(), SIGUSR1));
    olen = 0;
    CHECK(sigprocmask(SIG_SETMASK, &old, &cur));
    EXPECT(sigismember(&cur, SIGUSR1) == 1 && sigismember(&cur, SIGUSR2) == 1);
    order[olen] = 0;
    say("delivery order after unblocking both: %s\n", order);

    /* SIGKILL and SIGSTOP stay unblockable */
    sigset_t all;
    sigfillset(&all);
    CHECK(sigprocmask(SIG_SETMASK, &all, &old));
    CHECK(sigprocmask(SIG_SETMASK, &old, &cur));
    EXPECT(sigismember(&cur, SIGKILL) == 0);
    EXPECT(sigismember(&cur, SIGSTOP) == 0);
    EXPECT(sigismember(&cur, SIGTERM) == 1);
    CHECK(sigprocmask(12345, &all, NULL));
    CHECK(sigprocmask(12345, NULL, &cur));

    /* SIG_UNBLOCK of something not blocked is fine */
    CHECK(block_sig(SIG_UNBLOCK, SIGTERM));

    /* across fork: mask inherited, pending not */
    n1 = n2 = 0;
    CHECK(block_sig(SIG_BLOCK, SIGUSR1));
    CHECK(kill(getpid(), SIGUSR1));
    pid_t pid = xfork();
    if (pid == 0) {
        int blocked = sig_blocked(SIGUSR1), pending = sig_pending(SIGUSR1);
        block_sig(SIG_UNBLOCK, SIGUSR1);
        child_exit(100 + 10 * blocked + pending + 2 * n1);
    }
    wait_show(pid, "child: 100 + 10*blocked + pending + 2*handled");
    say("parent: pending %d\n", sig_pending(SIGUSR1));
    CHECK(block_sig(SIG_UNBLOCK, SIGUSR1));
    say("parent: handler ran %d\n", (int)n1);
    return 0;
}
