/* stack_grate: one layer of a stack of grates.
 *   stack_grate NAME OP [--egid] PROGRAM [ARGS...]
 * Runs PROGRAM as its child with geteuid (and with --egid, getegid)
 * interposed, registered from the parent side (the child waits on a pipe):
 * the seed's way -- the child pointing its own entry at its parent -- is
 * refused when an outer grate already holds that entry. The handler logs
 * (NAME, the call, and whether it is for this grate's own child), forwards
 * the call through this grate's own table -- to the next grate out, or to
 * RawPOSIX -- and applies OP to the result: +N adds N, xN multiplies by N.
 * So under `A +1 B x2 C +5`, the app's geteuid is ((real + 1) * 2) + 5:
 * C, nearest the app, sees the call first. */
#include "gratetest.h"

static const char *name;
static char op;
static int opn;
static uint64_t child;

static int apply(int r) {
    if (r < 0) return r;
    return op == '+' ? r + opn : r * opn;
}

static int h_call(const char *what, uint64_t nr, HARGS) {
    UNUSED_HARGS;
    say("%s: %s for my child: %s\n", name, what, yn(a1c == child));
    int r = FORWARD(nr, a1c);
    say("%s: %s forwarded: %s\n", name, what, rc(r));
    return apply(r);
}

static int h_geteuid(HARGS) { return h_call("geteuid", NR_geteuid, grate, FWD); }
static int h_getegid(HARGS) { return h_call("getegid", NR_getegid, grate, FWD); }

int main(int argc, char **argv) {
    if (argc < 4 || (argv[2][0] != '+' && argv[2][0] != 'x')) {
        say("usage: stack_grate NAME +N|xN [--egid] PROGRAM [ARGS...]\n");
        return 2;
    }
    name = argv[1];
    op = argv[2][0];
    opn = atoi(argv[2] + 1);
    int first = 3, n = 1;
    if (strcmp(argv[3], "--egid") == 0) first = 4, n = 2;
    if (argc <= first) return 2;
    static const struct reg regs[] = {{NR_geteuid, h_geteuid}, {NR_getegid, h_getegid}};
    /* `child` is set before the grate's next syscall (waitpid); until then
     * no handler of this grate can run (one execution in a grate's wasm
     * at a time), so every handler sees it. */
    pid_t pid = spawn_parent_registered(argv + first, regs, n);
    if (pid < 0) return 1;
    child = (uint64_t)pid;
    int st = wait_for(pid);
    say("%s: child ended: %s\n", name, wstatus(st));
    return 0;
}
