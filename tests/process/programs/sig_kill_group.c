/* Signals to process groups: two children put in a new group (setpgid
 * from both sides), then kill(-pgid, SIGTERM) kills both and spares us;
 * killpg() the same with SIGKILL; and inside a group, a leader's
 * kill(0, SIGUSR1) reaches itself and all its members, each of which
 * exits with its own code after its handler ran. kill(-pgid, 0) after
 * everyone is reaped: ESRCH. (The test never signals its own group: the
 * runner's processes share it natively.) */
#include "proctest.h"

static volatile sig_atomic_t got;
static void h(int s) { (void)s; got++; }

/* fork N children into one new group led by the first; each blocks in
 * read() on HOLD; returns after all are ready */
static void make_group(int n, pid_t *kids, int hold_r) {
    int ready[2];
    if (pipe(ready) < 0) exit(1);
    for (int i = 0; i < n; i++) {
        kids[i] = xfork();
        if (kids[i] == 0) {
            close(ready[0]);
            setpgid(0, i == 0 ? 0 : kids[0]);
            gate_open(ready[1]);
            char c;
            read(hold_r, &c, 1);
            child_exit(0);
        }
        setpgid(kids[i], kids[0]);
    }
    close(ready[1]);
    for (int i = 0; i < n; i++) gate_pass(ready[0]);
    close(ready[0]);
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(set_handler(SIGUSR1, h, 0)); /* if it ever reached us */
    int hold[2];
    CHECK(pipe(hold));
    pid_t kids[3];
    make_group(2, kids, hold[0]);
    EXPECT(getpgid(kids[0]) == kids[0]);
    EXPECT(getpgid(kids[1]) == kids[0]);
    EXPECT(getpgrp() != kids[0]);
    CHECK(kill(-kids[0], SIGTERM));
    wait_show(kids[0], "leader after kill(-pgid, SIGTERM)");
    wait_show(kids[1], "member after kill(-pgid, SIGTERM)");
    CHECK(kill(-kids[0], 0));

    make_group(3, kids, hold[0]);
    CHECK(killpg(kids[0], SIGKILL));
    for (int i = 0; i < 3; i++) wait_show(kids[i], "after killpg(SIGKILL)");
    close(hold[0]);
    close(hold[1]);

    /* kill(0, sig) from inside a group: a sub-leader and 3 members */
    int rep[2];
    CHECK(pipe(rep));
    pid_t leader = xfork();
    if (leader == 0) {
        close(rep[0]);
        setpgid(0, 0);
        int ready[2];
        pipe(ready);
        sigset_t usr1, none;
        sigemptyset(&usr1);
        sigaddset(&usr1, SIGUSR1);
        sigemptyset(&none);
        sigprocmask(SIG_BLOCK, &usr1, NULL); /* members inherit it */
        pid_t m[3];
        for (int i = 0; i < 3; i++) {
            m[i] = xfork();
            if (m[i] == 0) {
                close(ready[0]);
                gate_open(ready[1]);
                while (!got) sigsuspend(&none);
                child_exit(20 + i);
            }
        }
        close(ready[1]);
        for (int i = 0; i < 3; i++) gate_pass(ready[0]);
        int r = kill(0, SIGUSR1);
        while (!got) sigsuspend(&none);
        char line[128];
        snprintf(line, sizeof line, "leader: kill(0, SIGUSR1) = %d, own handler ran %d time(s)\n", r, (int)got);
        write_str(rep[1], line);
        for (int i = 0; i < 3; i++) {
            int st = xwait(m[i]);
            snprintf(line, sizeof line, "leader: member %d %s\n", i, status_str(st));
            write_str(rep[1], line);
        }
        child_exit(0);
    }
    close(rep[1]);
    size_t n;
    char *s = slurp_fd(rep[0], &n);
    close(rep[0]);
    say("%s", s);
    free(s);
    wait_show(leader, "group leader");
    say("our own handler ran %d time(s)\n", (int)got);
    return 0;
}
