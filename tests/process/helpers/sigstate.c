/* helper bin/sigstate: after exec, prints the disposition (default /
 * ignored / handler) of SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGPIPE,
 * whether each is blocked and whether each is pending. Caught signals
 * must be back at default, ignored ones still ignored; the mask and the
 * pending set survive exec. */
#include "../programs/proctest.h"

int main(void) {
    int sigs[] = {SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGPIPE};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        memset(&old, 0, sizeof old);
        if (sigaction(sigs[i], NULL, &old) < 0) {
            printf("sigstate: %s: sigaction %s\n", signame(sigs[i]), errname(errno));
            continue;
        }
        const char *d = old.sa_handler == SIG_DFL ? "default" : old.sa_handler == SIG_IGN ? "ignored" : "a handler";
        printf("sigstate: %s %s, blocked=%d, pending=%d\n", signame(sigs[i]), d,
               sig_blocked(sigs[i]), sig_pending(sigs[i]));
    }
    fflush(stdout);
    return 0;
}
