/* Process groups and sessions, minimal and consistent: a child starts
 * in its parent's group and session; setpgid(0, 0) makes it a group
 * leader; a second child joins that group (setpgid from both sides, as
 * shells do); setsid() in a non-leader makes a new session and group led
 * by the caller, and fails with EPERM in a group leader; getpgid/getsid
 * of ourselves (0) and of a child agree; reaped pids give ESRCH. Results
 * are reported as relations, never as numbers. */
#include "proctest.h"

int main(int argc, char **argv) {
    proc_init(argc, argv);
    pid_t pg = getpgrp();
    pid_t sid = getsid(0);
    EXPECT(pg > 0);
    EXPECT(getpgid(0) == pg);
    EXPECT(getpgid(getpid()) == pg);
    /* 0 when our session leader lives outside this pid namespace (CI
     * containers), so only the relation is checked */
    EXPECT(sid >= 0);
    EXPECT(getsid(getpid()) == sid);

    int go[2];
    CHECK(pipe(go));
    /* child A leads its own group (its output is captured and shown
     * after the parent's) */
    int ra, rb, rc;
    pid_t a = fork_captured(&ra);
    if (a == 0) {
        close(go[1]);
        CHECK(setpgid(0, 0));
        EXPECT(getpgrp() == getpid());
        EXPECT(getsid(0) == sid);
        CHECK(setsid()); /* a group leader cannot */
        gate_pass(go[0]);
        child_exit(0);
    }
    /* the parent makes the same call; either order works */
    int r = setpgid(a, a);
    say("parent setpgid(a, a): %s\n", r == 0 || errno == EACCES ? "ok" : errname(errno));
    EXPECT(getpgid(a) == a);
    EXPECT(getpgrp() == pg);

    /* child B joins A's group */
    pid_t b = fork_captured(&rb);
    if (b == 0) {
        close(ra);
        close(go[1]);
        CHECK(setpgid(0, a));
        EXPECT(getpgrp() == a);
        gate_pass(go[0]);
        child_exit(0);
    }
    r = setpgid(b, a);
    say("parent setpgid(b, a): %s\n", r == 0 || errno == EACCES ? "ok" : errname(errno));
    EXPECT(getpgid(b) == a);
    EXPECT(getsid(b) == sid);
    close(go[0]);
    gate_open(go[1]);
    gate_open(go[1]);
    close(go[1]);
    show_captured(ra, "A: ");
    show_captured(rb, "B: ");
    wait_show(a, "A");
    wait_show(b, "B");

    /* a new session */
    pid_t c = fork_captured(&rc);
    if (c == 0) {
        EXPECT(getpgrp() == pg);
        EXPECT(getsid(0) == sid);
        pid_t s = setsid();
        EXPECT(s == getpid());
        EXPECT(getsid(0) == getpid());
        EXPECT(getpgrp() == getpid());
        CHECK(setsid());
        CHECK(setpgid(0, 0)); /* already the leader of its own group */
        child_exit(0);
    }
    show_captured(rc, "C: ");
    wait_show(c, "C");
    /* gone */
    CHECK(getpgid(c));
    CHECK(getsid(c));
    CHECK(setpgid(c, c));
    CHECK(setpgid(0, -1));
    return 0;
}
