/* A tree: the root forks 3 children, each of them 3, each of those 2
 * (3 + 9 + 18 = 30 processes below the root, at most 3 + 9 + 18 alive
 * at once). A node's exit code is 1 + the sum of its children's codes,
 * i.e. the size of its subtree: leaves 1, middle nodes 3, upper nodes 10,
 * and the root prints 31. Every node waits for its children by pid in
 * reverse order of creation, and checks that each exited with the
 * expected code. */
#include "proctest.h"

static const int fanout[] = {3, 3, 2};
#define LEVELS 3

static int run_node(int depth) {
    if (depth == LEVELS) return 1;
    pid_t kids[8];
    int n = fanout[depth];
    for (int i = 0; i < n; i++) {
        pid_t pid = xfork();
        if (pid == 0) child_exit(run_node(depth + 1));
        kids[i] = pid;
    }
    int total = 1, bad = 0;
    for (int i = n - 1; i >= 0; i--) {
        int st = xwait(kids[i]);
        if (!WIFEXITED(st)) { bad++; continue; }
        total += WEXITSTATUS(st);
    }
    return bad ? 255 : total;
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    /* the root's own children: print each one's status */
    pid_t kids[3];
    for (int i = 0; i < 3; i++) {
        pid_t pid = xfork();
        if (pid == 0) child_exit(run_node(1));
        kids[i] = pid;
    }
    int total = 1;
    for (int i = 0; i < 3; i++) {
        int st = xwait(kids[i]);
        say("subtree %d: %s\n", i, status_str(st));
        if (WIFEXITED(st)) total += WEXITSTATUS(st);
    }
    say("processes in the tree, root included: %d\n", total);
    CHECK(wait(NULL));
    return 0;
}
