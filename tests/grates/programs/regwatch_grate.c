/* regwatch_grate: interposes on register_handler (1001) itself. It runs
 * argv[1...] as its child (the child points its own 1001 entry at this
 * grate before exec, seed style); that child is another grate, so its
 * register_handler calls -- and those of its children, which inherit the
 * entry by fork -- reach this handler first. The handler finds the
 * arguments in the peer's layout (a1 = the table's cage, a1cage = the call
 * number, a2cage = the handler's grate, a3 = the function index), refuses
 * getpid (EPERM), and forwards everything else unchanged with
 * make_threei_call(1001, self = this grate, target = the table's cage). */
#include "gratetest.h"

static uint64_t child;
static int seen, forwarded;

static int h_register(HARGS) {
    UNUSED_HARGS;
    seen++;
    say("regwatch: register_handler(nr %d): table is my child's: %s, handler is in my child: %s\n", (int)a1c,
        yn(a1 == child), yn(a2c == child));
    if (a1c == NR_getpid) {
        say("regwatch: refused\n");
        return -EPERM;
    }
    int r = make_threei_call(LIND_SYS_register_handler, 0, grate, a1, FWD, TRANSLATE_ERRNO_OFF);
    say("regwatch: forwarded: %s\n", rc(r));
    if (r == 0) forwarded++;
    return r;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: regwatch_grate PROGRAM [ARGS...]\n");
        return 2;
    }
    static const struct reg regs[] = {{LIND_SYS_register_handler, h_register}};
    pid_t pid = spawn_self_registered(argv + 1, regs, 1);
    if (pid < 0) return 1;
    child = (uint64_t)pid;
    int st = wait_for(pid);
    say("regwatch: child ended: %s; registrations seen %d, forwarded %d\n", wstatus(st), seen, forwarded);
    return 0;
}
