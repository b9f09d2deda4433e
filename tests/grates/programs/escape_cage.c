/* escape_cage: runs under euid_grate (geteuid -> FAKE_EUID). Tries to get
 * a child of its own out from under the grate: the child's table is a
 * descendant's, but its geteuid entry points at the grate, an ancestor of
 * this cage, and replacing it with the default (500) would give the child
 * the real call that neither this cage nor the child may make -- the
 * escape DESIGN.md "Authority" closes for a cage's own table ("a cage can
 * never weaken the interposition its ancestors placed on it"), one fork
 * later. Expected: EPERM, and the child still sees the grate.
 * Pointing the child's entry at this cage's own handler is allowed: the
 * handler's forwarded call goes through this cage's table, so the grate
 * still answers (the child sees the grate's value + 1). */
#include "gratetest.h"

static int c_geteuid(HARGS) {
    UNUSED_HARGS;
    int r = FORWARD(NR_geteuid, a1c);
    return r < 0 ? r : r + 1;
}

/* Forks a child that waits for a token, prints geteuid and exits. */
static pid_t child(const char *name, int *go) {
    int p[2];
    if (pipe(p) == -1) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[1]);
        if (gate_wait(p[0]) != 0) _exit(98);
        say("%s: geteuid %d\n", name, (int)geteuid());
        _exit(0);
    }
    close(p[0]);
    *go = p[1];
    return pid;
}

int main(void) {
    const uint64_t me = (uint64_t)getpid();
    say("cage: geteuid %d\n", (int)geteuid());

    int go;
    pid_t d = child("D", &go);
    say("cage: register_handler(child D, geteuid, 500): %s\n",
        rc(register_handler((uint64_t)d, NR_geteuid, THREEI_DEREGISTER, 0)));
    gate_pass(go);
    say("cage: D %s\n", wstatus(wait_for(d)));

    pid_t f = child("F", &go);
    say("cage: register_handler(child F, geteuid, self): %s\n",
        rc(register_handler((uint64_t)f, NR_geteuid, me, FN(c_geteuid))));
    gate_pass(go);
    say("cage: F %s\n", wstatus(wait_for(f)));
    return 0;
}
