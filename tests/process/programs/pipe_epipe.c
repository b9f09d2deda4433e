/* Writing to a pipe nobody reads: by default SIGPIPE kills the writer
 * (the parent sees "killed by SIGPIPE"); with SIGPIPE ignored write
 * fails with EPIPE; with a handler, the handler runs and write fails
 * with EPIPE; with SIGPIPE blocked, EPIPE and SIGPIPE stays pending
 * (until SIG_IGN discards it). Also a writer blocked on a full pipe
 * when the reader goes away, and the shell case `bin/gen 200000 |
 * bin/headn 3`: the exec'd writer is killed by SIGPIPE. */
#include "proctest.h"

static volatile sig_atomic_t hits;
static void on_pipe(int s) { (void)s; hits++; }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int p[2];
    /* default action, in a child */
    CHECK(pipe(p));
    close(p[0]);
    pid_t pid = xfork();
    if (pid == 0) {
        write(p[1], "x", 1);
        child_exit(0); /* not reached */
    }
    wait_show(pid, "writer with default SIGPIPE");

    CHECK(signal(SIGPIPE, SIG_IGN) == SIG_DFL);
    CHECK(write(p[1], "x", 1));
    CHECK(set_handler(SIGPIPE, on_pipe, 0));
    CHECK(write(p[1], "x", 1));
    say("handler ran %d time(s)\n", (int)hits);
    CHECK(block_sig(SIG_BLOCK, SIGPIPE));
    CHECK(write(p[1], "x", 1));
    say("handler ran %d time(s), SIGPIPE pending: %d\n", (int)hits, sig_pending(SIGPIPE));
    CHECK(signal(SIGPIPE, SIG_IGN) == on_pipe);
    say("after SIG_IGN, pending: %d\n", sig_pending(SIGPIPE));
    CHECK(block_sig(SIG_UNBLOCK, SIGPIPE));
    say("handler ran %d time(s)\n", (int)hits);
    close(p[1]);
    CHECK(signal(SIGPIPE, SIG_DFL) == SIG_IGN);

    /* a writer blocked on a full pipe; the reader closes its end */
    CHECK(pipe(p));
    int ready[2];
    CHECK(pipe(ready));
    pid = xfork();
    if (pid == 0) {
        close(p[0]);
        close(ready[0]);
        gate_open(ready[1]);
        char buf[4096];
        memset(buf, 'q', sizeof buf);
        while (write(p[1], buf, sizeof buf) > 0) {}
        child_exit(errno == EPIPE ? 32 : 1); /* only without SIGPIPE */
    }
    close(p[1]);
    close(ready[1]);
    gate_pass(ready[0]);
    close(ready[0]);
    sleep_ms(200); /* let it fill the pipe and block */
    close(p[0]);
    wait_show(pid, "blocked writer after the reader left");

    /* with SIGPIPE ignored in the child, the blocked write returns EPIPE */
    CHECK(pipe(p));
    pid = xfork();
    if (pid == 0) {
        close(p[0]);
        signal(SIGPIPE, SIG_IGN);
        char buf[4096];
        memset(buf, 'q', sizeof buf);
        ssize_t w;
        while ((w = write(p[1], buf, sizeof buf)) > 0) {}
        child_exit(errno == EPIPE ? 32 : 1);
    }
    close(p[1]);
    sleep_ms(200);
    close(p[0]);
    wait_show(pid, "writer ignoring SIGPIPE (32 = got EPIPE)");

    /* gen 200000 | headn 3 */
    CHECK(pipe(p));
    pid_t gen = xfork();
    if (gen == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        char *av[] = {"gen", "200000", NULL};
        execv("bin/gen", av);
        _exit(127);
    }
    pid_t head = xfork();
    if (head == 0) {
        dup2(p[0], 0);
        close(p[0]);
        close(p[1]);
        char *av[] = {"headn", "3", NULL};
        execv("bin/headn", av);
        _exit(127);
    }
    close(p[0]);
    close(p[1]);
    int sg = xwait(gen), sh = xwait(head); /* headn prints meanwhile */
    say("gen 200000 | headn 3: gen %s, ", status_str(sg));
    say("headn %s\n", status_str(sh));
    return 0;
}
