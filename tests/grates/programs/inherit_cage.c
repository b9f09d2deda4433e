/* inherit_cage: runs under inherit_grate (geteuid -> FAKE_EUID; getegid and
 * getgid are control calls, see inherit_grate.c).
 *
 * - fork copies the handler table: a child sees the grate's geteuid;
 * - the cage cannot weaken its grate: deregistering or replacing its own
 *   geteuid entry, copying the grate's table over its own, and changing
 *   the grate's table are all EPERM;
 * - the grate can: it deregisters geteuid in one child (real value there,
 *   and in that child's own child, by fork), and replaces another child's
 *   whole table with its own; the cage itself stays interposed;
 * - cage side: a forked child that has not exec'd points its own getpid at
 *   its parent (this program's handler runs, in the parent), the parent
 *   puts the child's table back with copy_handler_table_to_cage(self,
 *   child); after an exec the same registration is EPERM;
 * - exec keeps the table: the program re-executed still sees the grate. */
#include "gratetest.h"

#define CAGE_GETPID 777

/* This program's own handler, for its children's getpid. */
static int cage_getpid(HARGS) {
    UNUSED_HARGS;
    return CAGE_GETPID;
}

static int real_euid(void) { return geteuid() == getuid(); }

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "after-exec") == 0) {
        say("cage after exec: geteuid %d\n", (int)geteuid());
        return 3;
    }
    if (argc > 1 && strcmp(argv[1], "exec-check") == 0) {
        int r = register_handler((uint64_t)getpid(), NR_getpid, (uint64_t)getppid(), FN(cage_getpid));
        say("E (exec'd): register_handler(self, getpid, parent): %s\n", rc(r));
        return 0;
    }
    const uint64_t me = (uint64_t)getpid(), grate = (uint64_t)getppid();

    say("cage: geteuid %d\n", (int)geteuid());

    pid_t a = fork();
    if (a == 0) {
        say("A: geteuid %d\n", (int)geteuid());
        _exit(0);
    }
    say("cage: A %s\n", wstatus(wait_for(a)));

    say("cage: register_handler(self, geteuid, 500): %s\n",
        rc(register_handler(me, NR_geteuid, THREEI_DEREGISTER, 0)));
    say("cage: register_handler(self, geteuid, self): %s\n",
        rc(register_handler(me, NR_geteuid, me, FN(cage_getpid))));
    say("cage: copy_handler_table_to_cage(grate, self): %s\n", rc(copy_handler_table_to_cage(grate, me)));
    say("cage: copy_handler_table_to_cage(self, grate): %s\n", rc(copy_handler_table_to_cage(me, grate)));
    say("cage: register_handler(grate, getpid, self): %s\n",
        rc(register_handler(grate, NR_getpid, me, FN(cage_getpid))));
    say("cage: register_handler(grate, geteuid, 500): %s\n",
        rc(register_handler(grate, NR_geteuid, THREEI_DEREGISTER, 0)));
    say("cage: geteuid %d\n", (int)geteuid());

    /* B: the grate deregisters B's geteuid. */
    pid_t b = fork();
    if (b == 0) {
        int r = getegid();
        say("B: control getegid -> %d\n", r);
        say("B: geteuid is the real one: %s\n", yn(real_euid()));
        pid_t b1 = fork();
        if (b1 == 0) {
            say("B1: geteuid is the real one: %s\n", yn(real_euid()));
            _exit(0);
        }
        say("B: B1 %s\n", wstatus(wait_for(b1)));
        _exit(0);
    }
    say("cage: B %s\n", wstatus(wait_for(b)));
    say("cage: geteuid %d\n", (int)geteuid());

    /* C: the grate copies its own table over C's. */
    pid_t c = fork();
    if (c == 0) {
        int r = getgid();
        say("C: control getgid -> %d\n", r);
        say("C: geteuid is the real one: %s\n", yn(real_euid()));
        say("C: getegid still reaches the grate: %s\n", yn(getegid() == 5001));
        say("C: getgid still reaches the grate: %s\n", yn(getgid() == 5002));
        _exit(0);
    }
    say("cage: C %s\n", wstatus(wait_for(c)));
    say("cage: geteuid %d\n", (int)geteuid());

    /* D: cage side. */
    int p2d[2], d2p[2];
    if (pipe(p2d) == -1 || pipe(d2p) == -1) {
        say("pipe: %s\n", crc(-1));
        return 1;
    }
    pid_t d = fork();
    if (d == 0) {
        pid_t real = getpid();
        int r = register_handler((uint64_t)real, NR_getpid, me, FN(cage_getpid));
        say("D (not exec'd): register_handler(self, getpid, parent): %s\n", rc(r));
        say("D: getpid %d (served by the parent's handler: %s)\n", (int)getpid(),
            yn(getpid() == CAGE_GETPID));
        r = register_handler((uint64_t)real, NR_geteuid, me, FN(cage_getpid));
        say("D: register_handler(self, geteuid, parent): %s\n", rc(r));
        say("D: geteuid %d\n", (int)geteuid());
        gate_pass(d2p[1]);
        if (gate_wait(p2d[0]) != 0) _exit(98);
        say("D: getpid is the real one again: %s\n", yn(getpid() == real));
        say("D: geteuid %d\n", (int)geteuid());
        _exit(0);
    }
    if (gate_wait(d2p[0]) != 0) say("cage: D did not report\n");
    say("cage: copy_handler_table_to_cage(self, D): %s\n", rc(copy_handler_table_to_cage(me, (uint64_t)d)));
    gate_pass(p2d[1]);
    say("cage: D %s\n", wstatus(wait_for(d)));

    /* E: the same registration after an exec. */
    pid_t e = fork();
    if (e == 0) {
        char *args[] = {argv[0], "exec-check", NULL};
        execv(argv[0], args);
        say("E: execv: %s\n", crc(-1));
        _exit(127);
    }
    say("cage: E %s\n", wstatus(wait_for(e)));

    /* exec keeps the table. */
    char *args[] = {argv[0], "after-exec", NULL};
    execv(argv[0], args);
    say("cage: execv: %s\n", crc(-1));
    return 1;
}
