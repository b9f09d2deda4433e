/* setjmp and fork: a jmp_buf set before fork is valid in the child (the
 * frames it refers to were copied), so the child can longjmp back to it;
 * a child forked deep in a call chain longjmps out of it; the parent's
 * own jumps are unaffected by what the child did. */
#include "proctest.h"
#include <setjmp.h>

static jmp_buf env;

static pid_t fork_deep(int depth) {
    volatile int pad[8];
    pad[0] = depth;
    if (depth > 0) return fork_deep(depth - 1) + pad[0] - depth;
    pid_t pid = xfork();
    if (pid == 0) longjmp(env, 99);
    return pid;
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    volatile int where = 0;
    int r = setjmp(env);
    if (r == 0) {
        where = 1;
        pid_t pid = xfork();
        if (pid == 0) {
            where = 2;
            longjmp(env, 7);
        }
        wait_show(pid, "child that jumped back");
        say("parent: where=%d\n", where);
    } else {
        /* only the child gets here */
        say("child: setjmp returned %d, where=%d\n", r, where);
        child_exit(r);
    }

    r = setjmp(env);
    if (r == 0) {
        pid_t pid = fork_deep(50);
        wait_show(pid, "child forked 50 calls deep");
        longjmp(env, 3); /* the parent jumps too */
    }
    if (r == 99) {
        say("child: out of 50 frames with %d\n", r);
        child_exit(12);
    }
    say("parent: setjmp returned %d\n", r);
    return 0;
}
