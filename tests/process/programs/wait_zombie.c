/* Zombies: a child that has exited stays until it is reaped: WNOHANG
 * then reaps it, after which waitpid fails with ECHILD. A zombie stays
 * waitable while the parent forks and reaps other children first, and
 * five zombies are all collected later with their own codes. (Each
 * child's exit is observed as EOF on a pipe, plus 300 ms for it to
 * become a zombie.) kill(zombie, 0) is checked in sig_kill_child, so
 * this test needs no signals. */
#include "proctest.h"

/* fork a child that exits with CODE at once; returns once its pipe
 * reached EOF */
static pid_t dead_child(int code) {
    int p[2];
    if (pipe(p) < 0) { say("pipe: %s\n", errname(errno)); exit(1); }
    pid_t pid = xfork();
    if (pid == 0) {
        close(p[0]);
        child_exit(code);
    }
    close(p[1]);
    char c;
    while (read(p[0], &c, 1) > 0) {}
    close(p[0]);
    return pid;
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int st;
    pid_t z = dead_child(21);
    sleep_ms(300);
    pid_t r = waitpid(z, &st, WNOHANG);
    EXPECT(r == z);
    say("zombie reaped: %s\n", status_str(st));
    CHECK(waitpid(z, &st, WNOHANG));
    CHECK(waitpid(z, &st, 0));

    /* a zombie waits while other children come and go */
    pid_t a = dead_child(31);
    for (int i = 0; i < 3; i++) {
        pid_t b = xfork();
        if (b == 0) child_exit(40 + i);
        int sb = xwait(b);
        say("other child %d: %s\n", i, status_str(sb));
    }
    sleep_ms(300);
    r = waitpid(-1, &st, WNOHANG);
    EXPECT(r == a);
    say("the old zombie, by waitpid(-1, WNOHANG): %s\n", status_str(st));

    /* five zombies at once, collected with wait() */
    for (int i = 0; i < 5; i++) dead_child(50 + i);
    sleep_ms(300);
    int codes[5], n = 0;
    while (n < 5 && (r = wait(&st)) > 0) codes[n++] = WEXITSTATUS(st);
    for (int i = 0; i < n; i++)
        for (int k = i + 1; k < n; k++)
            if (codes[k] < codes[i]) { int t = codes[i]; codes[i] = codes[k]; codes[k] = t; }
    say("collected %d:", n);
    for (int i = 0; i < n; i++) say(" %d", codes[i]);
    say("\n");
    CHECK(wait(&st));
    return 0;
}
