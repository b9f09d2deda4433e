/* Default actions, each in a child blocked in read() or raising the
 * signal itself: terminate (SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2,
 * SIGALRM, SIGKILL; SIGQUIT and SIGABRT via abort(), which would also
 * dump core -- only the signal is printed), ignore (SIGCHLD, SIGURG,
 * SIGWINCH: the child carries on and exits 0), and a blocked signal with
 * the default action kills as soon as it is unblocked. Statuses checked
 * with WIFSIGNALED/WTERMSIG. */
#include "proctest.h"

static void show(const char *how, int st) {
    say("%-28s WIFEXITED=%d WIFSIGNALED=%d WTERMSIG=%s\n", how, WIFEXITED(st) ? 1 : 0, WIFSIGNALED(st) ? 1 : 0,
        WIFSIGNALED(st) ? signame(WTERMSIG(st)) : "-");
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int term[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGKILL, SIGQUIT};
    char how[64];
    for (unsigned i = 0; i < sizeof term / sizeof term[0]; i++) {
        pid_t pid = xfork();
        if (pid == 0) {
            raise(term[i]);
            child_exit(0);
        }
        snprintf(how, sizeof how, "raise(%s):", signame(term[i]));
        show(how, xwait(pid));
    }
    /* sent by the parent to a child blocked in read() */
    for (unsigned i = 0; i < 3; i++) {
        int hold[2], ready[2];
        pipe(hold);
        pipe(ready);
        pid_t pid = xfork();
        if (pid == 0) {
            close(hold[1]);
            gate_open(ready[1]);
            char c;
            read(hold[0], &c, 1);
            child_exit(0);
        }
        close(hold[0]);
        close(ready[1]);
        gate_pass(ready[0]);
        close(ready[0]);
        kill(pid, term[i]);
        snprintf(how, sizeof how, "kill(child, %s):", signame(term[i]));
        show(how, xwait(pid));
        close(hold[1]);
    }
    pid_t pid = xfork();
    if (pid == 0) abort();
    show("abort():", xwait(pid));

    int ign[] = {SIGCHLD, SIGURG, SIGWINCH, SIGCONT};
    for (unsigned i = 0; i < sizeof ign / sizeof ign[0]; i++) {
        pid = xfork();
        if (pid == 0) {
            raise(ign[i]);
            child_exit(0);
        }
        snprintf(how, sizeof how, "raise(%s):", signame(ign[i]));
        show(how, xwait(pid));
    }
    /* blocked, then unblocked: dies at the unblock */
    pid = xfork();
    if (pid == 0) {
        block_sig(SIG_BLOCK, SIGTERM);
        kill(getpid(), SIGTERM);
        write_str(1, "  child: still alive while SIGTERM is blocked\n");
        block_sig(SIG_UNBLOCK, SIGTERM);
        write_str(1, "  child: NOT reached\n");
        child_exit(0);
    }
    show("blocked SIGTERM, unblocked:", xwait(pid));
    return 0;
}
