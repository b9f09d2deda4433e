/* wait/waitpid/wait4 semantics: ECHILD with no children, WNOHANG on a
 * live child (0) and on none (ECHILD), waiting by pid, by -1 and by 0
 * (own process group), a NULL status, wait4 with a rusage, bad options
 * (EINVAL), and ECHILD for pids that are not our children (ourselves, a
 * grandchild, an already reaped child). */
#include "proctest.h"
#include <sys/resource.h>

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int st = 0;
    CHECK(wait(&st));
    CHECK(waitpid(-1, &st, WNOHANG));
    CHECK(waitpid(-1, &st, 0));
    CHECK(waitpid(getpid(), &st, 0));

    /* a child blocked until we let it go */
    int go[2];
    CHECK(pipe(go));
    pid_t pid = xfork();
    if (pid == 0) {
        close(go[1]);
        gate_pass(go[0]);
        child_exit(17);
    }
    close(go[0]);
    CHECK(waitpid(pid, &st, WNOHANG));
    CHECK(waitpid(-1, &st, WNOHANG));
    CHECK(waitpid(0, &st, WNOHANG));
    CHECK(waitpid(-1, &st, 0x100));
    gate_open(go[1]);
    close(go[1]);
    pid_t r = waitpid(pid, &st, 0);
    EXPECT(r == pid);
    say("status: %s\n", status_str(st));
    CHECK(waitpid(pid, &st, 0));
    CHECK(waitpid(pid, &st, WNOHANG));

    /* waitpid(-1) and waitpid(0) pick up any child; NULL status is fine */
    pid = xfork();
    if (pid == 0) child_exit(1);
    r = waitpid(-1, NULL, 0);
    EXPECT(r == pid);
    pid = xfork();
    if (pid == 0) child_exit(2);
    r = waitpid(0, &st, 0);
    EXPECT(r == pid);
    say("waitpid(0): %s\n", status_str(st));
    pid = xfork();
    if (pid == 0) child_exit(3);
    r = waitpid(-getpgrp(), &st, 0);
    EXPECT(r == pid);
    say("waitpid(-pgrp): %s\n", status_str(st));

    /* wait4 with a rusage */
    pid = xfork();
    if (pid == 0) child_exit(4);
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    r = wait4(pid, &st, 0, &ru);
    EXPECT(r == pid);
    EXPECT(ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
    say("wait4: %s\n", status_str(st));

    /* a grandchild is not ours to wait for */
    int gp[2];
    CHECK(pipe(gp));
    int hold[2];
    CHECK(pipe(hold));
    pid = xfork();
    if (pid == 0) {
        close(gp[0]);
        close(hold[1]);
        pid_t g = xfork();
        if (g == 0) {
            gate_pass(hold[0]); /* until the top closes hold */
            child_exit(0);
        }
        write_full(gp[1], &g, sizeof g);
        close(gp[1]);
        xwait(g);
        child_exit(5);
    }
    close(gp[1]);
    close(hold[0]);
    pid_t g = 0;
    read_full(gp[0], &g, sizeof g);
    close(gp[0]);
    CHECK(waitpid(g, &st, WNOHANG));
    CHECK(waitpid(g, &st, 0));
    close(hold[1]);
    wait_show(pid, "middle child");
    CHECK(wait(NULL));
    return 0;
}
