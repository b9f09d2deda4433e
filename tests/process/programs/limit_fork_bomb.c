/* A fork bomb bounded by lind-boot's --max-cages N (N = argv[1]): lind
 * only, compared with expected/limit_fork_bomb.out (natively, RLIMIT_NPROC
 * would play this role, but root ignores it; run by hand as an
 * unprivileged user with `./limit_fork_bomb N rlimit` to check the
 * program itself). Nothing printed depends on N or on whether cage 1
 * counts towards it:
 *  1. breadth: fork children that block until fork fails; it must fail
 *     with EAGAIN (never a crash), then all children are released and
 *     reaped, and fork works again (cage ids are reused after reaping);
 *  2. a chain: every process forks one child that does the same, until
 *     EAGAIN; the deepest reports it up through exit codes;
 *  3. a tree: every process tries to fork 2 children (4 levels below
 *     this one, 31 processes without a limit) and blocks until this
 *     process has heard from everyone; forks beyond the limit fail with
 *     EAGAIN; then everyone is released and reaped;
 *  4. again fork+wait works. */
#include "proctest.h"
#include <sys/resource.h>

static long maxn;

static void phase_breadth(void) {
    int hold[2];
    if (pipe(hold) < 0) { say("pipe: %s\n", errname(errno)); exit(1); }
    pid_t kids[4096];
    int n = 0, err = 0;
    for (;;) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0) { err = errno; break; }
        if (pid == 0) {
            close(hold[1]);
            char c;
            read(hold[0], &c, 1);
            _exit(7);
        }
        kids[n++] = pid;
        if (n == 4096) break;
    }
    say("breadth: fork failed with %s\n", errname(err));
    say("breadth: at least one child, at most N: %s\n", n >= 1 && n <= maxn ? "yes" : "NO");
    close(hold[1]);
    close(hold[0]);
    int good = 0;
    for (int i = 0; i < n; i++) {
        int st = xwait(kids[i]);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 7) good++;
    }
    say("breadth: every child released and reaped: %s\n", good == n ? "yes" : "NO");
    int st;
    say("breadth: nothing left to wait for: %s\n", waitpid(-1, &st, WNOHANG) < 0 && errno == ECHILD ? "yes" : "NO");
}

static void phase_chain(void) {
    pid_t top = xfork();
    if (top == 0) {
        for (;;) {
            fflush(NULL);
            pid_t pid = fork();
            if (pid < 0) _exit(errno == EAGAIN ? 100 : 101); /* deepest */
            if (pid == 0) continue; /* the child goes on forking */
            int st = xwait(pid);
            /* pass the deepest's verdict up */
            if (!WIFEXITED(st)) _exit(102);
            _exit(WEXITSTATUS(st));
        }
    }
    int st = xwait(top);
    say("chain: %s\n", WIFEXITED(st) && WEXITSTATUS(st) == 100 ? "the deepest fork failed with EAGAIN"
                       : WIFEXITED(st) && WEXITSTATUS(st) == 101 ? "the deepest fork failed, not with EAGAIN"
                                                                  : status_str(st));
}

/* A tree node below the root: try to fork 2 children (down to level 4),
 * report "S" per child, "E" per EAGAIN, "X" per other failure, then "."
 * for itself; block until the hold pipe reaches EOF; reap; exit. */
static void tree_node(int level, int hold_r, int rep_w) {
    pid_t kids[2];
    int n = 0;
    if (level < 4) {
        for (int i = 0; i < 2; i++) {
            fflush(NULL);
            pid_t pid = fork();
            if (pid == 0) {
                tree_node(level + 1, hold_r, rep_w);
                _exit(0);
            }
            if (pid > 0) {
                kids[n++] = pid;
                write(rep_w, "S", 1);
            } else {
                write(rep_w, errno == EAGAIN ? "E" : "X", 1);
            }
        }
    }
    write(rep_w, ".", 1);
    char c;
    read(hold_r, &c, 1);
    for (int i = 0; i < n; i++) xwait(kids[i]);
}

/* This process is the root. Only it holds the hold pipe's write end (each
 * child drops it at once, before forking), so closing it releases
 * everyone. Every process reports its children ("S") before its own
 * ".", so once the dots match the children, everyone has reported. */
static void phase_tree(void) {
    int hold[2], rep[2];
    if (pipe(hold) < 0 || pipe(rep) < 0) { say("pipe: %s\n", errname(errno)); exit(1); }
    pid_t kids[2];
    int n = 0, succ = 0, eagain = 0, other = 0, dots = 0;
    for (int i = 0; i < 2; i++) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(hold[1]);
            close(rep[0]);
            tree_node(1, hold[0], rep[1]);
            _exit(0);
        }
        if (pid > 0) { kids[n++] = pid; succ++; }
        else if (errno == EAGAIN) eagain++;
        else other++;
    }
    close(rep[1]);
    char c;
    while (dots < succ && read(rep[0], &c, 1) == 1) {
        if (c == 'S') succ++;
        else if (c == 'E') eagain++;
        else if (c == 'X') other++;
        else if (c == '.') dots++;
    }
    say("tree: some fork failed with EAGAIN: %s\n", eagain > 0 ? "yes" : "NO");
    say("tree: other fork failures: %d\n", other);
    say("tree: more than one level, not beyond N (+1 if cage 1 is not counted): %s\n",
        succ >= 2 && 1 + succ <= maxn + 1 ? "yes" : "NO");
    close(hold[1]);
    close(hold[0]);
    int good = 0;
    for (int i = 0; i < n; i++) {
        int st = xwait(kids[i]);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0) good++;
    }
    close(rep[0]);
    say("tree: all released and reaped: %s\n", good == n ? "yes" : "NO");
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    maxn = argc > 1 ? atol(argv[1]) : 0;
    if (maxn <= 0) { say("usage: limit_fork_bomb N [rlimit]\n"); return 2; }
    if (argc > 2 && strcmp(argv[2], "rlimit") == 0) {
        struct rlimit rl = {(rlim_t)maxn, (rlim_t)maxn};
        if (setrlimit(RLIMIT_NPROC, &rl) < 0) say("setrlimit: %s\n", errname(errno));
    }
    phase_breadth();
    phase_chain();
    phase_tree();
    pid_t pid = xfork();
    if (pid == 0) child_exit(3);
    wait_show(pid, "after all that, fork+wait");
    return 0;
}
