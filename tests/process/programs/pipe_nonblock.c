/* O_NONBLOCK pipes: reading an empty pipe gives EAGAIN (pipe2 and
 * F_SETFL), filling one until EAGAIN (at least PIPE_BUF = 4096 bytes
 * fit; the exact capacity is not printed), draining it, EOF (0, not
 * EAGAIN) once the writer is gone; the flag lives in the open file
 * description, so a child setting it changes the parent's view. */
#include "proctest.h"
#include <limits.h>
#ifndef PIPE_BUF
#define PIPE_BUF 4096 /* POSIX's minimum is 512; Linux's is 4096. glibc-shim's
                       * <limits.h> (wasi-libc's) lacks it so far */
#endif

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int p[2];
    char buf[1024];
    CHECK(pipe2(p, O_NONBLOCK));
    EXPECT((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
    EXPECT((fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
    CHECK(read(p[0], buf, sizeof buf));
    memset(buf, 'z', sizeof buf);
    long total = 0;
    ssize_t w;
    while ((w = write(p[1], buf, sizeof buf)) > 0) total += w;
    say("filled: last write -1 %s, at least PIPE_BUF fit: %s\n", errname(errno),
        total >= PIPE_BUF ? "yes" : "NO");
    CHECK(write(p[1], "x", 1));
    long drained = 0;
    ssize_t r;
    while ((r = read(p[0], buf, sizeof buf)) > 0) drained += r;
    say("drained: last read -1 %s, same amount: %s\n", errname(errno), drained == total ? "yes" : "NO");
    CHECK(write(p[1], "abc", 3));
    CHECK(close(p[1]));
    CHECK(read(p[0], buf, sizeof buf));
    CHECK(read(p[0], buf, sizeof buf));
    close(p[0]);

    /* F_SETFL on a blocking pipe, then a writer child */
    CHECK(pipe(p));
    EXPECT((fcntl(p[0], F_GETFL) & O_NONBLOCK) == 0);
    int go[2];
    CHECK(pipe(go));
    pid_t pid = xfork();
    if (pid == 0) {
        close(p[0]);
        close(go[1]);
        gate_pass(go[0]);
        write_str(p[1], "late data");
        child_exit(0);
    }
    close(p[1]);
    close(go[0]);
    CHECK(fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK));
    CHECK(read(p[0], buf, sizeof buf));
    gate_open(go[1]);
    close(go[1]);
    xwait(pid);
    memset(buf, 0, sizeof buf);
    CHECK(read(p[0], buf, sizeof buf));
    say("got \"%s\"\n", buf);
    CHECK(read(p[0], buf, sizeof buf));
    close(p[0]);

    /* the status flag is shared with a child through the description */
    CHECK(pipe(p));
    pid = xfork();
    if (pid == 0) {
        fcntl(p[0], F_SETFL, O_NONBLOCK);
        child_exit(0);
    }
    xwait(pid);
    EXPECT((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
    CHECK(read(p[0], buf, sizeof buf));
    return 0;
}
