/* inherit_grate: runs argv[1...] as its child, registering (from the
 * parent side, while the child waits on a pipe) three handlers in the
 * child's table:
 *   geteuid (107)  returns FAKE_EUID;
 *   getegid (108)  control call: the grate deregisters (500) geteuid in the
 *                  caller's table; returns 5001 on success, else -errno;
 *   getgid (104)   control call: the grate replaces the caller's whole
 *                  table with a copy of its own (all defaults); returns
 *                  5002 on success, else -errno.
 * The control calls act on whichever cage makes them (the child or a
 * descendant): a grate has authority over its descendants. Handlers are
 * called by function-table index (no pass_fptr_to_wt). */
#include "gratetest.h"

static int h_geteuid(HARGS) {
    UNUSED_HARGS;
    return FAKE_EUID;
}

static int h_deregister(HARGS) {
    UNUSED_HARGS;
    int r = register_handler(a1c, NR_geteuid, THREEI_DEREGISTER, 0);
    return r == 0 ? 5001 : r;
}

static int h_copy_table(HARGS) {
    UNUSED_HARGS;
    int r = copy_handler_table_to_cage(grate, a1c);
    return r == 0 ? 5002 : r;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: inherit_grate PROGRAM [ARGS...]\n");
        return 2;
    }
    static const struct reg regs[] = {
        {NR_geteuid, h_geteuid},
        {NR_getegid, h_deregister},
        {NR_getgid, h_copy_table},
    };
    pid_t pid = spawn_parent_registered(argv + 1, regs, 3);
    if (pid < 0) return 1;
    int st = wait_for(pid);
    say("grate: cage ended: %s\n", wstatus(st));
    return 0;
}
