/* Signal state across fork: the child inherits handlers, ignored
 * signals and the mask; its changes do not affect the parent; pending
 * signals are not inherited. The child reports through its output,
 * printed while the parent waits. */
#include "proctest.h"

static volatile sig_atomic_t n1;
static void h1(int s) { (void)s; n1++; }
static void h_child(int s) { (void)s; n1 += 10; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(set_handler(SIGUSR1, h1, 0));
    CHECK(signal(SIGUSR2, SIG_IGN) == SIG_DFL);
    CHECK(block_sig(SIG_BLOCK, SIGTERM));
    CHECK(block_sig(SIG_BLOCK, SIGINT));
    CHECK(set_handler(SIGINT, h1, 0));
    CHECK(kill(getpid(), SIGINT)); /* pending in the parent only */
    pid_t pid = xfork();
    if (pid == 0) {
        struct sigaction old;
        sigaction(SIGUSR1, NULL, &old);
        say("child: SIGUSR1 handler inherited: %s\n", old.sa_handler == h1 ? "yes" : "NO");
        raise(SIGUSR1);
        say("child: handler ran %d\n", (int)n1);
        sigaction(SIGUSR2, NULL, &old);
        say("child: SIGUSR2 ignored: %s\n", old.sa_handler == SIG_IGN ? "yes" : "NO");
        raise(SIGUSR2);
        say("child: SIGTERM blocked: %d, SIGINT pending: %d\n", sig_blocked(SIGTERM), sig_pending(SIGINT));
        set_handler(SIGUSR1, h_child, 0);
        signal(SIGUSR2, SIG_DFL);
        block_sig(SIG_UNBLOCK, SIGTERM);
        raise(SIGUSR1);
        say("child: after its own handler: %d\n", (int)n1);
        child_exit(0);
    }
    wait_show(pid, "child");
    struct sigaction old;
    CHECK(sigaction(SIGUSR1, NULL, &old));
    EXPECT(old.sa_handler == h1);
    CHECK(sigaction(SIGUSR2, NULL, &old));
    EXPECT(old.sa_handler == SIG_IGN);
    say("parent: SIGTERM blocked: %d, SIGINT pending: %d\n", sig_blocked(SIGTERM), sig_pending(SIGINT));
    CHECK(raise(SIGUSR1));
    say("parent: handler count %d\n", (int)n1);
    CHECK(block_sig(SIG_UNBLOCK, SIGINT));
    say("parent: after unblocking SIGINT: %d\n", (int)n1);
    return 0;
}
