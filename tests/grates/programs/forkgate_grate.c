/* A grate that sets up per-cage state for a child after forwarding its
 * fork, slowly (100 ms), as imfs copies fd tables: the child's first call
 * must not reach the grate before that. lind-boot starts a forked child
 * only once its parent's fork call has returned (any order Linux allows),
 * so the child always finds its state. */
#include "gratetest.h"
#include <time.h>

static uint64_t ready[64];  /* cages whose state is set up */
static int nready;

static int is_ready(uint64_t cage) {
    for (int i = 0; i < nready; i++)
        if (ready[i] == cage) return 1;
    return 0;
}

static int setup(int child) {
    if (child > 0 && nready < 64) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
        ready[nready++] = (uint64_t)child;
    }
    return child;
}

/* The shim's fork() issues clone without CLONE_VM; fork itself too. */
static int h_fork(HARGS) { return setup(FORWARD(NR_fork, a1c)); }
static int h_clone(HARGS) { return setup(FORWARD(NR_clone, a1c)); }

/* geteuid answers whether the calling cage's state exists. */
static int h_geteuid(HARGS) {
    UNUSED_HARGS;
    return is_ready(a1c) ? 1 : 0;
}

int main(int argc, char **argv) {
    (void)argc;
    const struct reg regs[] = {{NR_fork, h_fork}, {NR_clone, h_clone}, {NR_geteuid, h_geteuid}};
    pid_t pid = spawn_parent_registered(&argv[1], regs, 3);
    int st = wait_for(pid);
    say("grate: cage %s\n", wstatus(st));
    return 0;
}
