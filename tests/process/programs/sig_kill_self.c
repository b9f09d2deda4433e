/* Signals to oneself: kill(getpid(), sig) and raise() run the handler
 * before they return (POSIX requires at least one pending unblocked
 * signal to be delivered before kill returns); the handler gets the
 * signal number; kill(pid, 0) only checks; SIG_IGN discards; signal()
 * and sigaction() return the previous disposition; SIGKILL and SIGSTOP
 * cannot be caught or ignored; bad signal numbers and a pid that does
 * not exist fail. */
#include "proctest.h"

static volatile sig_atomic_t count, last;
static void handler(int s) { count++; last = s; }
static void other(int s) { (void)s; count += 100; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(signal(SIGUSR1, handler) == SIG_DFL);
    CHECK(kill(getpid(), SIGUSR1));
    say("after kill: count=%d last=%s\n", (int)count, signame(last));
    CHECK(raise(SIGUSR1));
    say("after raise: count=%d\n", (int)count);
    CHECK(signal(SIGUSR2, handler) == SIG_DFL);
    CHECK(raise(SIGUSR2));
    say("after raise(SIGUSR2): count=%d last=%s\n", (int)count, signame(last));
    CHECK(kill(getpid(), 0));
    say("kill(self, 0): count=%d\n", (int)count);

    /* the previous disposition comes back */
    CHECK(signal(SIGUSR1, other) == handler);
    CHECK(raise(SIGUSR1));
    say("with the other handler: count=%d\n", (int)count);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGUSR1, &sa, &old));
    EXPECT(old.sa_handler == other);
    CHECK(raise(SIGUSR1));
    say("ignored: count=%d\n", (int)count);
    CHECK(sigaction(SIGUSR1, NULL, &old));
    EXPECT(old.sa_handler == SIG_IGN);

    /* a handler for SIGTERM and SIGINT too: their default would kill */
    CHECK(set_handler(SIGTERM, handler, 0));
    CHECK(raise(SIGTERM));
    CHECK(set_handler(SIGINT, handler, 0));
    CHECK(kill(getpid(), SIGINT));
    say("count=%d last=%s\n", (int)count, signame(last));
    CHECK(set_handler(SIGALRM, handler, 0));
    CHECK(raise(SIGALRM));
    CHECK(set_handler(SIGCHLD, handler, 0));
    CHECK(raise(SIGCHLD));
    say("count=%d last=%s\n", (int)count, signame(last));

    /* not catchable, not ignorable; bad numbers */
    sa.sa_handler = handler;
    CHECK(sigaction(SIGKILL, &sa, NULL));
    CHECK(sigaction(SIGSTOP, &sa, NULL));
    sa.sa_handler = SIG_IGN;
    CHECK(sigaction(SIGKILL, &sa, NULL));
    CHECK(sigaction(0, &sa, NULL));
    CHECK(sigaction(65, &sa, NULL));
    CHECK(signal(SIGKILL, SIG_IGN) == SIG_ERR);
    CHECK(sigaction(SIGKILL, NULL, &old));
    EXPECT(old.sa_handler == SIG_DFL);
    CHECK(kill(getpid(), 65));
    CHECK(kill(getpid(), -1));
    CHECK(raise(0));
    /* beyond any pid_max */
    CHECK(kill(0x3ffffff0, 0));
    CHECK(kill(0x3ffffff0, SIGUSR1));
    say("final count=%d\n", (int)count);
    return 0;
}
