/* siblings_grate: authority between cages that are not in one line.
 *
 * One program, three cages: P (this program, cage 1) forks X and then C,
 * two siblings running this same program (no exec, so function-table
 * indices agree). P points C's geteuid at X's handler (P may: C's table is
 * its descendant's, X is its descendant), so X serves its sibling C.
 *
 * - X, while serving C's call, may act on C (read and write C's memory,
 *   make a call acting on C) but not on P; once the call has returned,
 *   X may no longer act on C.
 * - C may not act on X (its sibling) or on P (its parent): no
 *   register_handler in their tables, no copy_handler_table_to_cage from or
 *   to them, no copy_data_between_cages from or to their memory, no
 *   make_threei_call with their id as self, target or an argument's cage
 *   (also with GRATE_MEMORY_FLAG set), and C may not deregister the entry
 *   P pointed at X in its own table, nor point one of its own entries at
 *   a function of X (which would make X run code for it). All -EPERM.
 * - P may act on both (its descendants).
 * Turns are passed through pipes, so one cage prints at a time. */
#include "gratetest.h"

static char secret[32];  /* each cage's own text */
static char scratch[32]; /* what another cage wrote here */

/* X's handler records what it could do during the call. */
static uint64_t last_caller, parent_id;
static int in_read, in_write, in_target, in_parent;
static char got[32];

static int x_geteuid(HARGS) {
    UNUSED_HARGS;
    last_caller = a1c;
    in_read = copy_data_between_cages(grate, a1c, (uint64_t)(uintptr_t)secret, a1c, (uint64_t)(uintptr_t)got, grate,
                                      sizeof got, COPY_TYPE_STRNCPY);
    static const char mark[] = "X was here";
    in_write = copy_data_between_cages(grate, a1c, (uint64_t)(uintptr_t)mark, grate, (uint64_t)(uintptr_t)scratch,
                                       a1c, sizeof mark, COPY_TYPE_MEMCPY);
    in_target = make_threei_call(NR_getpid, 0, grate, a1c, 0, a1c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                 TRANSLATE_ERRNO_OFF);
    char buf[32];
    in_parent = copy_data_between_cages(grate, parent_id, (uint64_t)(uintptr_t)secret, parent_id,
                                        (uint64_t)(uintptr_t)buf, grate, sizeof buf, COPY_TYPE_STRNCPY);
    return FAKE_EUID;
}

static int go_x[2], go_c[2], done[2];

static void role_x(void) {
    strcpy(secret, "X's secret");
    if (gate_wait(go_x[0]) != 0) _exit(98);
    uint64_t me = (uint64_t)getpid(), c = last_caller;
    say("X: served a call from my sibling: %s\n", yn(c != 0 && c != me && c != parent_id));
    say("X: during the call: read the caller's memory: %s (\"%s\")\n", rc(in_read), got);
    say("X: during the call: wrote into the caller's memory: %s\n", rc(in_write));
    say("X: during the call: a call acting on the caller: %s (getpid is the caller: %s)\n", rc(in_target),
        yn((uint64_t)in_target == c));
    say("X: during the call: read my parent's memory: %s\n", rc(in_parent));
    char buf[32];
    say("X: after the call: read the caller's memory: %s\n",
        rc(copy_data_between_cages(me, c, (uint64_t)(uintptr_t)secret, c, (uint64_t)(uintptr_t)buf, me, sizeof buf,
                                   COPY_TYPE_STRNCPY)));
    say("X: after the call: register_handler(caller, getegid, self): %s\n",
        rc(register_handler(c, NR_getegid, me, FN(x_geteuid))));
    say("X: after the call: a call acting on the caller: %s\n",
        rc(make_threei_call(NR_getpid, 0, me, c, 0, c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF)));
    gate_pass(done[1]);
    if (gate_wait(go_x[0]) != 0) _exit(98);
    _exit(0);
}

static void role_c(uint64_t x) {
    strcpy(secret, "C's secret");
    if (gate_wait(go_c[0]) != 0) _exit(98);
    uint64_t me = (uint64_t)getpid(), p = parent_id;
    char buf[32] = "";
    say("C: geteuid %d (served by my sibling X)\n", (int)geteuid());
    say("C: X wrote into my memory during the call: %s\n", yn(strcmp(scratch, "X was here") == 0));

    say("C: register_handler(X, getpid, self): %s\n", rc(register_handler(x, NR_getpid, me, FN(x_geteuid))));
    say("C: register_handler(X, geteuid, 500): %s\n", rc(register_handler(x, NR_geteuid, THREEI_DEREGISTER, 0)));
    say("C: register_handler(self, geteuid, 500): %s\n",
        rc(register_handler(me, NR_geteuid, THREEI_DEREGISTER, 0)));
    say("C: register_handler(self, geteuid, self): %s\n", rc(register_handler(me, NR_geteuid, me, FN(x_geteuid))));
    say("C: register_handler(self, getegid, X): %s\n", rc(register_handler(me, NR_getegid, x, FN(x_geteuid))));
    say("C: make_threei_call(register_handler, self X): %s\n",
        rc(make_threei_call(LIND_SYS_register_handler, 0, x, me, me, NR_getegid, 0, x, FN(x_geteuid), 0, 0, 0, 0,
                            0, 0, 0, TRANSLATE_ERRNO_OFF)));
    say("C: copy_handler_table_to_cage(self, X): %s\n", rc(copy_handler_table_to_cage(me, x)));
    say("C: copy_handler_table_to_cage(X, self): %s\n", rc(copy_handler_table_to_cage(x, me)));
    say("C: copy_data_between_cages(from X): %s\n",
        rc(copy_data_between_cages(me, x, (uint64_t)(uintptr_t)secret, x, (uint64_t)(uintptr_t)buf, me, sizeof buf,
                                   COPY_TYPE_STRNCPY)));
    say("C: copy_data_between_cages(to X): %s\n",
        rc(copy_data_between_cages(me, x, (uint64_t)(uintptr_t)buf, me, (uint64_t)(uintptr_t)scratch, x, 4,
                                   COPY_TYPE_MEMCPY)));
    say("C: copy_data_between_cages(from X, thiscage forged as X): %s\n",
        rc(copy_data_between_cages(x, x, (uint64_t)(uintptr_t)secret, x, (uint64_t)(uintptr_t)buf, x, sizeof buf,
                                   COPY_TYPE_STRNCPY)));
    say("C: make_threei_call(getpid, self X): %s\n",
        rc(make_threei_call(NR_getpid, 0, x, me, 0, me, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF)));
    say("C: make_threei_call(getpid, target X): %s\n",
        rc(make_threei_call(NR_getpid, 0, me, x, 0, x, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF)));
    say("C: make_threei_call(write(1, X's memory)): %s\n",
        rc(make_threei_call(NR_write, 0, me, me, 1, me, (uint64_t)(uintptr_t)secret, x, 10, me, 0, 0, 0, 0, 0, 0,
                            TRANSLATE_ERRNO_OFF)));
    say("C: make_threei_call(write(1, X's memory | GRATE_MEMORY_FLAG)): %s\n",
        rc(make_threei_call(NR_write, 0, me, me, 1, me, (uint64_t)(uintptr_t)secret, x | GRATE_MEMORY_FLAG, 10, me,
                            0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF)));
    say("C: make_threei_call(read(0, into X's memory)): %s\n",
        rc(make_threei_call(NR_read, 0, me, me, 0, me, (uint64_t)(uintptr_t)scratch, x, 4, me, 0, 0, 0, 0, 0, 0,
                            TRANSLATE_ERRNO_OFF)));
    say("C: make_threei_call(getpid, self P): %s\n",
        rc(make_threei_call(NR_getpid, 0, p, me, 0, me, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF)));
    say("C: make_threei_call(getpid, target P): %s\n",
        rc(make_threei_call(NR_getpid, 0, me, p, 0, p, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF)));
    say("C: copy_data_between_cages(from P): %s\n",
        rc(copy_data_between_cages(me, p, (uint64_t)(uintptr_t)secret, p, (uint64_t)(uintptr_t)buf, me, sizeof buf,
                                   COPY_TYPE_STRNCPY)));
    say("C: register_handler(P, getpid, self): %s\n", rc(register_handler(p, NR_getpid, me, FN(x_geteuid))));
    say("C: copy_handler_table_to_cage(self, P): %s\n", rc(copy_handler_table_to_cage(me, p)));
    /* not authority, bounds: a range past the end of its own memory */
    char *end = (char *)((uintptr_t)__builtin_wasm_memory_size(0) * 65536);
    say("C: copy_data_between_cages(own memory, past its end): %s\n",
        rc(copy_data_between_cages(me, me, (uint64_t)(uintptr_t)(end - 8), me, (uint64_t)(uintptr_t)buf, me, 16,
                                   COPY_TYPE_MEMCPY)));
    say("C: geteuid %d (still served by X)\n", (int)geteuid());
    gate_pass(done[1]);
    if (gate_wait(go_c[0]) != 0) _exit(98);
    _exit(0);
}

int main(void) {
    strcpy(secret, "P's secret");
    parent_id = (uint64_t)getpid();
    if (pipe(go_x) == -1 || pipe(go_c) == -1 || pipe(done) == -1) {
        say("pipe: %s\n", crc(-1));
        return 1;
    }
    pid_t x = fork();
    if (x == 0) role_x();
    pid_t c = fork();
    if (c == 0) role_c((uint64_t)x);
    if (x == -1 || c == -1) {
        say("fork: %s\n", crc(-1));
        return 1;
    }
    const uint64_t me = (uint64_t)getpid();
    say("P: register_handler(C, geteuid, X): %s\n", rc(register_handler((uint64_t)c, NR_geteuid, (uint64_t)x,
                                                                         FN(x_geteuid))));
    gate_pass(go_c[1]);
    if (gate_wait(done[0]) != 0) say("P: C did not report\n");
    gate_pass(go_x[1]);
    if (gate_wait(done[0]) != 0) say("P: X did not report\n");

    char buf[32] = "";
    int r = copy_data_between_cages(me, (uint64_t)c, (uint64_t)(uintptr_t)secret, (uint64_t)c,
                                    (uint64_t)(uintptr_t)buf, me, sizeof buf, COPY_TYPE_STRNCPY);
    say("P: copy_data_between_cages(from my child C): %s (\"%s\")\n", rc(r), buf);
    r = copy_data_between_cages(me, (uint64_t)x, (uint64_t)(uintptr_t)secret, (uint64_t)x, (uint64_t)(uintptr_t)buf,
                                me, sizeof buf, COPY_TYPE_STRNCPY);
    say("P: copy_data_between_cages(from my child X): %s (\"%s\")\n", rc(r), buf);
    r = make_threei_call(NR_getpid, 0, me, (uint64_t)c, 0, (uint64_t)c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                         TRANSLATE_ERRNO_OFF);
    say("P: make_threei_call(getpid, target C): %s (C's pid: %s)\n", rc(r), yn(r == c));
    r = register_handler((uint64_t)c, NR_geteuid, THREEI_DEREGISTER, 0);
    say("P: register_handler(C, geteuid, 500): %s\n", rc(r));

    gate_pass(go_c[1]);
    say("P: C %s\n", wstatus(wait_for(c)));
    gate_pass(go_x[1]);
    say("P: X %s\n", wstatus(wait_for(x)));
    return 0;
}
