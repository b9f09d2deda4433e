/* sigsetjmp/siglongjmp out of signal handlers: from a handler of a
 * raised signal with savemask=1 (the signal is unblocked again after the
 * jump) and savemask=0 (it stays blocked, as the handler left it); from
 * a SIGALRM handler that interrupts a tight loop without calls (an
 * itimer fires 50 ms into `for (;;)`); from a nested handler; 200
 * round trips. */
#include "proctest.h"
#include <setjmp.h>

static sigjmp_buf env;
static volatile sig_atomic_t hits;

static void jumper(int s) {
    hits++;
    siglongjmp(env, s);
}

static void usr2_jumper(int s) {
    (void)s;
    hits += 10;
    raise(SIGUSR1); /* SIGUSR1 not blocked here: its handler jumps out of both */
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(set_handler(SIGUSR1, jumper, 0));
    int r = sigsetjmp(env, 1);
    if (r == 0) {
        raise(SIGUSR1);
        say("NOT reached\n");
    }
    say("savemask=1: back with %s, SIGUSR1 blocked now: %d\n", signame(r), sig_blocked(SIGUSR1));

    r = sigsetjmp(env, 0);
    if (r == 0) {
        raise(SIGUSR1);
        say("NOT reached\n");
    }
    say("savemask=0: back with %s, SIGUSR1 blocked now: %d\n", signame(r), sig_blocked(SIGUSR1));
    CHECK(block_sig(SIG_UNBLOCK, SIGUSR1));

    /* out of a tight loop, from SIGALRM */
    CHECK(set_handler(SIGALRM, jumper, 0));
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 50000;
    volatile unsigned long spins = 0;
    r = sigsetjmp(env, 1);
    if (r == 0) {
        CHECK(setitimer(ITIMER_REAL, &it, NULL));
        for (;;) spins++;
    }
    say("out of the loop with %s, spun: %s, SIGALRM blocked: %d\n", signame(r), spins > 0 ? "yes" : "NO",
        sig_blocked(SIGALRM));

    /* a handler that raises another whose handler jumps */
    hits = 0;
    CHECK(set_handler(SIGUSR2, usr2_jumper, 0));
    r = sigsetjmp(env, 1);
    if (r == 0) raise(SIGUSR2);
    say("from a nested handler: %s, hits %d, blocked USR1=%d USR2=%d\n", signame(r), (int)hits,
        sig_blocked(SIGUSR1), sig_blocked(SIGUSR2));

    /* many round trips */
    hits = 0;
    volatile int n = 0;
    r = sigsetjmp(env, 1);
    if (n < 200) {
        n++;
        raise(SIGUSR1);
    }
    say("200 round trips: hits %d, last %s\n", (int)hits, signame(r));
    return 0;
}
