/* blocking_grate: runs argv[1...] as its child (registered seed style) with
 * read (0) forwarded unchanged (so a read on an empty pipe blocks inside
 * the handler, in the forwarded call) and geteuid (107) -> FAKE_EUID.
 * DESIGN.md "Grates": the grate's lock is released while an invocation is
 * blocked in an outgoing call, so a handler that blocks never keeps the
 * grate's other handlers from running. */
#include "gratetest.h"

static int h_read(HARGS) {
    UNUSED_HARGS;
    return FORWARD(NR_read, a1c);
}

static int h_geteuid(HARGS) {
    UNUSED_HARGS;
    return FAKE_EUID;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: blocking_grate PROGRAM [ARGS...]\n");
        return 2;
    }
    static const struct reg regs[] = {{NR_read, h_read}, {NR_geteuid, h_geteuid}};
    pid_t pid = spawn_self_registered(argv + 1, regs, 2);
    if (pid < 0) return 1;
    int st = wait_for(pid);
    say("grate: cage ended: %s\n", wstatus(st));
    return 0;
}
