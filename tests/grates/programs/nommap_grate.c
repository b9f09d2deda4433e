/* nommap_grate: runs argv[1...] as its child (registered from the parent
 * side) with mmap (9) refused: EPERM, counted. A policy any grate may
 * have; the grate below it (the child) must still work as long as it does
 * not mmap itself -- in particular the runtime must not mmap in the child's
 * name through the child's table (e.g. for a variadic pass_fptr_to_wt's
 * arguments). */
#include "gratetest.h"

static int refused;

static int h_mmap(HARGS) {
    UNUSED_HARGS;
    refused++;
    return -EPERM;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: nommap_grate PROGRAM [ARGS...]\n");
        return 2;
    }
    static const struct reg regs[] = {{NR_mmap, h_mmap}};
    pid_t pid = spawn_parent_registered(argv + 1, regs, 1);
    if (pid < 0) return 1;
    int st = wait_for(pid);
    say("nommap: child ended: %s; mmap refused %d times\n", wstatus(st), refused);
    return 0;
}
