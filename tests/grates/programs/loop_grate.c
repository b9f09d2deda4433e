/* loop_grate: handler chains that never reach RawPOSIX must fail, not
 * take lind-boot down ("Nothing a cage does may abort the runtime").
 * 1. The grate points its own getegid at its own handler (its own table,
 *    pointed at itself: allowed), and the handler forwards getegid through
 *    that same table: each forward comes back to the handler.
 * 2. A cycle of two: the grate points child B's getegid at its handler hA
 *    and its own getegid at B's handler hB (a descendant: allowed); hA
 *    forwards through the grate's table (to hB), hB through B's (to hA).
 * Both calls must end with an error (which one is the runtime's choice)
 * after a bounded depth; deregistering restores the real call. */
#include "gratetest.h"

static int depth;

static int h_self(HARGS) {
    UNUSED_HARGS;
    depth++;
    return make_threei_call(NR_getegid, 0, grate, a1c, FWD, TRANSLATE_ERRNO_OFF);
}

static int h_cycle(HARGS) {
    UNUSED_HARGS;
    return make_threei_call(NR_getegid, 0, grate, a1c, FWD, TRANSLATE_ERRNO_OFF);
}

int main(void) {
    const uint64_t me = (uint64_t)getpid();
    const int real = (int)getegid();
    say("grate: register_handler(self, getegid, self): %s\n", rc(register_handler(me, NR_getegid, me, FN(h_self))));
    errno = 0;
    int r = (int)getegid();
    say("grate: getegid through a handler forwarding to itself fails: %s\n", yn(r == -1 && errno != 0));
    say("grate: the handler ran more than once: %s\n", yn(depth > 1));
    say("grate: register_handler(self, getegid, 500): %s\n",
        rc(register_handler(me, NR_getegid, THREEI_DEREGISTER, 0)));
    say("grate: getegid is the real one again: %s\n", yn((int)getegid() == real));

    int go[2];
    if (pipe(go) == -1) return 1;
    pid_t b = fork();
    if (b == 0) {
        gate_wait(go[0]); /* serve until told to go */
        _exit(0);
    }
    say("grate: register_handler(B, getegid, self): %s\n",
        rc(register_handler((uint64_t)b, NR_getegid, me, FN(h_cycle))));
    say("grate: register_handler(self, getegid, B): %s\n",
        rc(register_handler(me, NR_getegid, (uint64_t)b, FN(h_cycle))));
    errno = 0;
    r = (int)getegid();
    say("grate: getegid around the cycle fails: %s\n", yn(r == -1 && errno != 0));
    say("grate: register_handler(self, getegid, 500): %s\n",
        rc(register_handler(me, NR_getegid, THREEI_DEREGISTER, 0)));
    say("grate: getegid is the real one again: %s\n", yn((int)getegid() == real));
    gate_pass(go[1]);
    say("grate: B %s\n", wstatus(wait_for(b)));
    return 0;
}
