/* Signal state across execve (no fork: cage 1 execs bin/sigstate):
 * caught signals go back to SIG_DFL, ignored ones stay ignored, the
 * mask is kept and so are pending signals. */
#include "proctest.h"

static void h(int s) { (void)s; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(set_handler(SIGUSR1, h, 0));
    CHECK(signal(SIGUSR2, SIG_IGN) == SIG_DFL);
    CHECK(signal(SIGPIPE, SIG_IGN) == SIG_DFL);
    CHECK(set_handler(SIGTERM, h, SA_RESTART));
    CHECK(block_sig(SIG_BLOCK, SIGINT));
    CHECK(block_sig(SIG_BLOCK, SIGTERM));
    CHECK(kill(getpid(), SIGINT)); /* stays pending across exec */
    say("before exec: SIGINT pending %d\n", sig_pending(SIGINT));
    char *av[] = {"sigstate", NULL};
    execv("bin/sigstate", av);
    say("execv failed: %s\n", errname(errno));
    return 1;
}
