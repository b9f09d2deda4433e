/* alarm and setitimer(ITIMER_REAL): alarm returns the seconds left on
 * the previous alarm, alarm(0) cancels; an alarm wakes pause() and runs
 * the SIGALRM handler; a one-shot 50 ms itimer and a periodic 20 ms one
 * (3 ticks, then cancelled) deliver SIGALRM; setitimer's old value; bad
 * arguments (EINVAL); SIGALRM's default action kills (in a child); a
 * child does not inherit the parent's alarm. Only facts are printed. */
#include "proctest.h"

static volatile sig_atomic_t ticks;
static void on_alarm(int s) { (void)s; ticks++; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(set_handler(SIGALRM, on_alarm, 0));
    CHECK(alarm(5));
    unsigned left = alarm(2);
    say("alarm(2) after alarm(5) returned 4 or 5: %s\n", left == 5 || left == 4 ? "yes" : "NO");
    left = alarm(0);
    say("alarm(0) returned 1 or 2: %s\n", left == 1 || left == 2 ? "yes" : "NO");
    CHECK(alarm(0));

    /* a child does not inherit a pending alarm */
    CHECK(alarm(10));
    pid_t pid = xfork();
    if (pid == 0) child_exit((int)alarm(0));
    wait_show(pid, "child's alarm(0)");
    CHECK(alarm(0) > 0);

    CHECK(alarm(1));
    int r = pause();
    say("pause = %d %s, SIGALRM handled %d\n", r, errname(errno), (int)ticks);

    /* one-shot itimer */
    ticks = 0;
    struct itimerval it, old;
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 50000;
    CHECK(block_sig(SIG_BLOCK, SIGALRM));
    CHECK(setitimer(ITIMER_REAL, &it, &old));
    EXPECT(old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0);
    sigset_t none;
    sigemptyset(&none);
    while (ticks == 0) sigsuspend(&none);
    say("one-shot itimer: handled %d\n", (int)ticks);

    /* periodic: 20 ms, three ticks */
    ticks = 0;
    it.it_value.tv_usec = 20000;
    it.it_interval.tv_usec = 20000;
    CHECK(setitimer(ITIMER_REAL, &it, NULL));
    while (ticks < 3) sigsuspend(&none);
    memset(&it, 0, sizeof it);
    CHECK(setitimer(ITIMER_REAL, &it, &old));
    EXPECT(old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 20000);
    EXPECT(old.it_value.tv_sec == 0 && old.it_value.tv_usec <= 20000);
    say("periodic itimer: at least 3 ticks: %s\n", ticks >= 3 ? "yes" : "NO");
    CHECK(block_sig(SIG_UNBLOCK, SIGALRM));

    /* setitimer with a remaining value reported back */
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = 30;
    CHECK(setitimer(ITIMER_REAL, &it, NULL));
    memset(&it, 0, sizeof it);
    CHECK(setitimer(ITIMER_REAL, &it, &old));
    EXPECT(old.it_value.tv_sec >= 28 && old.it_value.tv_sec <= 30);

    it.it_value.tv_usec = 1000000;
    CHECK(setitimer(ITIMER_REAL, &it, NULL));
    it.it_value.tv_usec = -1;
    CHECK(setitimer(ITIMER_REAL, &it, NULL));
    it.it_value.tv_usec = 0;
    CHECK(setitimer(99, &it, NULL));

    /* default action */
    pid = xfork();
    if (pid == 0) {
        signal(SIGALRM, SIG_DFL);
        alarm(1);
        for (;;) pause();
    }
    wait_show(pid, "child with alarm(1) and the default action");
    return 0;
}
