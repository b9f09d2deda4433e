/* A chain of forks 12 deep: each process forks one child and waits for
 * it; the deepest exits with 1, every other level exits with its child's
 * code + 1, so the top sees 12. Each level prints after its child is
 * gone, so the output runs from the bottom up. Every level also checks
 * getppid() against its parent's pid (passed down in memory). */
#include "proctest.h"

#define DEPTH 12

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int level = 0;
    pid_t parent_pid = getpid();
    pid_t top = getpid();
    for (;;) {
        if (level == DEPTH) {
            say("level %d: bottom, ppid ok: %s\n", level, getppid() == parent_pid ? "yes" : "NO");
            child_exit(1);
        }
        pid_t me = getpid();
        pid_t pid = xfork();
        if (pid == 0) {
            level++;
            if (getppid() != me) say("level %d: getppid mismatch\n", level);
            parent_pid = me;
            continue;
        }
        int st = xwait(pid);
        int code = WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
        say("level %d: child %s\n", level, status_str(st));
        if (getpid() == top) {
            EXPECT(code == DEPTH);
            return 0;
        }
        child_exit(code + 1);
    }
}
