/* euid_grate: runs argv[1...] as its child with geteuid (107) interposed:
 * the handler returns FAKE_EUID. The grate registers it in the child's
 * table from the parent side (the child waits on a pipe until then).
 * `euid_grate --also-getpid PROGRAM...` also tries to register a getpid
 * (39) handler (returning 99); a refusal is printed. */
#include "gratetest.h"

static int h_geteuid(HARGS) {
    UNUSED_HARGS;
    return FAKE_EUID;
}

static int h_getpid(HARGS) {
    UNUSED_HARGS;
    return 99;
}

int main(int argc, char **argv) {
    int first = 1, n = 1;
    if (argc > 1 && strcmp(argv[1], "--also-getpid") == 0) first = 2, n = 2;
    if (argc <= first) {
        say("usage: euid_grate [--also-getpid] PROGRAM [ARGS...]\n");
        return 2;
    }
    static const struct reg regs[] = {{NR_geteuid, h_geteuid}, {NR_getpid, h_getpid}};
    pid_t pid = spawn_parent_registered(argv + first, regs, n);
    if (pid < 0) return 1;
    int st = wait_for(pid);
    say("euid_grate: cage ended: %s\n", wstatus(st));
    return 0;
}
