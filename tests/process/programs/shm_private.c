/* What fork does NOT share, next to what it does: globals, heap, stack
 * and MAP_PRIVATE anonymous memory are copies (a child's writes are
 * invisible to the parent, and the parent's later writes are invisible
 * to an earlier child), while MAP_SHARED anonymous memory is one object
 * (both directions). A MAP_SHARED region created by a child after fork
 * is the child's only. */
#include "proctest.h"

static int global = 1;

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int *shar = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (priv == MAP_FAILED || shar == MAP_FAILED) { say("mmap: %s\n", errname(errno)); return 1; }
    int *heap = malloc(sizeof *heap);
    int stack = 1;
    *priv = *shar = *heap = 1;

    int go[2], back[2];
    CHECK(pipe(go));
    CHECK(pipe(back));
    pid_t pid = xfork();
    if (pid == 0) {
        close(go[1]);
        close(back[0]);
        global = *priv = *shar = *heap = stack = 2;
        gate_open(back[1]);
        gate_pass(go[0]); /* the parent has written 3 everywhere */
        /* report what the child sees now */
        int seen[5] = {global, *priv, *shar, *heap, stack};
        write_full(back[1], seen, sizeof seen);
        int *later = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        *later = 42;
        child_exit(0);
    }
    close(go[0]);
    close(back[1]);
    gate_pass(back[0]);
    say("parent sees after the child wrote 2: global %d priv %d shared %d heap %d stack %d\n", global, *priv,
        *shar, *heap, stack);
    global = *priv = *shar = *heap = stack = 3;
    gate_open(go[1]);
    int seen[5] = {0};
    read_full(back[0], seen, sizeof seen);
    say("child sees after the parent wrote 3: global %d priv %d shared %d heap %d stack %d\n", seen[0], seen[1],
        seen[2], seen[3], seen[4]);
    wait_show(pid, "child");
    close(go[1]);
    close(back[0]);
    free(heap);
    return 0;
}
