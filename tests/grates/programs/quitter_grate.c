/* quitter_grate: a grate that ends while its cage still runs.
 *   quitter_grate [--kill | --kill-in-handler] PROGRAM [ARGS...]
 * Runs PROGRAM as its child with geteuid interposed (FAKE_EUID; registered
 * in the child, seed style). The child gets fd 10, the write end of a pipe
 * to the grate ("my first call is done"), and fd 11, the read end of a pipe
 * whose only writer is the grate (EOF there: the grate is gone). Once the
 * cage has made its first call, the grate returns from main without
 * waiting for it -- or, with --kill, dies of SIGKILL. With
 * --kill-in-handler the grate waits for the cage instead, and the
 * handler's second invocation sends the grate SIGKILL, then goes on (sleeps
 * 200 ms, makes a call of its own, returns FAKE_EUID): the grate dies while
 * one of its handlers is running. */
#include <time.h>

#include "gratetest.h"

static int kill_in_handler, calls;

static int h_geteuid(HARGS) {
    UNUSED_HARGS;
    if (kill_in_handler && ++calls == 2) {
        /* The grate dies while this handler runs on the cage's thread; the
         * handler goes on and makes one more call of its own. */
        kill(getpid(), SIGKILL);
        struct timespec t = {0, 200 * 1000 * 1000};
        nanosleep(&t, NULL);
        int r = make_threei_call(NR_getpid, 0, grate, a1c, 0, a1c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                 TRANSLATE_ERRNO_OFF);
        (void)r;
    }
    return FAKE_EUID;
}

int main(int argc, char **argv) {
    int first = 1, killit = 0;
    if (argc > 1 && strcmp(argv[1], "--kill") == 0) first = 2, killit = 1;
    if (argc > 1 && strcmp(argv[1], "--kill-in-handler") == 0) first = 2, kill_in_handler = 1;
    if (argc <= first) {
        say("usage: quitter_grate [--kill] PROGRAM [ARGS...]\n");
        return 2;
    }
    int ready[2], hold[2];
    if (pipe(ready) == -1 || pipe(hold) == -1) {
        say("quitter: pipe: %s\n", crc(-1));
        return 1;
    }
    uint64_t me = (uint64_t)getpid();
    pid_t pid = fork();
    if (pid == -1) {
        say("quitter: fork: %s\n", crc(-1));
        return 1;
    }
    if (pid == 0) {
        if (dup2(ready[1], 10) != 10 || dup2(hold[0], 11) != 11) _exit(96);
        close(ready[0]), close(ready[1]), close(hold[0]), close(hold[1]);
        int r = register_handler((uint64_t)getpid(), NR_geteuid, me, FN(h_geteuid));
        if (r != 0) say("child: register_handler: %s\n", rc(r));
        execv(argv[first], argv + first);
        say("child: execv: %s\n", crc(-1));
        _exit(127);
    }
    close(ready[1]);
    close(hold[0]);
    if (gate_wait(ready[0]) != 0) say("quitter: the cage did not report\n");
    if (kill_in_handler) {
        /* the cage's next geteuid kills this grate */
        int st = wait_for(pid);
        say("quitter: still alive, cage ended: %s\n", wstatus(st));
        return 1;
    }
    if (killit) {
        say("quitter: the cage is running; killing myself (SIGKILL)\n");
        kill(getpid(), SIGKILL);
        say("quitter: still alive after SIGKILL\n");
        return 1;
    }
    say("quitter: the cage is running; returning from main\n");
    return 0;
}
