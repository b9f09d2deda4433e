/* counter_grate: four handlers in one grate, for argv[1...] (registered in
 * the child, seed style), through an exported pass_fptr_to_wt in its fixed
 * 14-argument form:
 *   geteuid (107)  counts, returns FAKE_EUID
 *   getegid (108)  counts, returns 4343
 *   getuid (102)   returns how many geteuid calls it has counted so far
 *   getgid (104)   returns how many getegid calls it has counted so far
 * The counters are plain ints in the grate's memory: with several cages
 * calling at once they stay exact only if the runtime never runs two
 * handlers of this grate at the same time. */
#include "gratetest.h"

static int n_euid, n_egid;

int pass_fptr_to_wt(uint64_t fn, uint64_t grate, uint64_t a1, uint64_t a1c, uint64_t a2, uint64_t a2c,
                    uint64_t a3, uint64_t a3c, uint64_t a4, uint64_t a4c, uint64_t a5, uint64_t a5c, uint64_t a6,
                    uint64_t a6c) {
    if (fn == 0) return -1;
    return ((handler_fn)(uintptr_t)fn)(grate, FWD);
}

static int h_geteuid(HARGS) {
    UNUSED_HARGS;
    /* a read-modify-write with a window: lost updates would show */
    int v = n_euid;
    n_euid = v + 1;
    return FAKE_EUID;
}

static int h_getegid(HARGS) {
    UNUSED_HARGS;
    int v = n_egid;
    n_egid = v + 1;
    return 4343;
}

static int h_getuid(HARGS) {
    UNUSED_HARGS;
    return n_euid;
}

static int h_getgid(HARGS) {
    UNUSED_HARGS;
    return n_egid;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: counter_grate PROGRAM [ARGS...]\n");
        return 2;
    }
    static const struct reg regs[] = {
        {NR_geteuid, h_geteuid}, {NR_getegid, h_getegid}, {NR_getuid, h_getuid}, {NR_getgid, h_getgid},
    };
    pid_t pid = spawn_self_registered(argv + 1, regs, 4);
    if (pid < 0) return 1;
    int st = wait_for(pid);
    say("grate: cage ended: %s; counted geteuid %d, getegid %d\n", wstatus(st), n_euid, n_egid);
    return 0;
}
