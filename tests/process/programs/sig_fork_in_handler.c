/* A known limit (lind-boot/README.md, Signals): fork inside a signal
 * handler fails with ENOSYS under lind (a handler runs as a nested call
 * that a fork cannot copy), where Linux forks. The cage must get the
 * error, not a child that dies when the handler returns; everything
 * after the handler carries on. Lind only: expected/sig_fork_in_handler.out. */
#include "proctest.h"

static volatile int fork_result = -2, fork_errno;

static void h(int s) {
    (void)s;
    pid_t pid = fork();
    if (pid == 0) child_exit(0);
    fork_result = pid < 0 ? -1 : 1;
    fork_errno = pid < 0 ? errno : 0;
    if (pid > 0) waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(set_handler(SIGUSR1, h, 0));
    CHECK(raise(SIGUSR1));
    say("fork in a handler: %s\n", fork_result < 0 ? errname(fork_errno) : "forked");
    pid_t pid = xfork();
    if (pid == 0) child_exit(5);
    wait_show(pid, "fork after the handler");
    return 0;
}
