/* fault_grate: bad handlers and bad 3i arguments must not take the runtime
 * (or the grate) down.
 * Before running its child, the grate checks the 3i calls' argument
 * errors on itself: a copy far past the end of memory (EFAULT), an
 * unknown copy type (EINVAL), a call number past the table
 * (register_handler: EINVAL; make_threei_call: ENOSYS), a handler cage
 * that does not exist (ESRCH), and an unimplemented call (ENOSYS).
 * Then it runs argv[1...] with (registered from the parent side):
 *   geteuid -> a handler that traps (after using 4 KiB of shadow stack),
 *   getegid -> a handler that uses 8 KiB of shadow stack and returns 4343
 *              if the stack held what it wrote,
 *   getuid  -> a function of the wrong type (not a handler),
 *   getgid  -> a function-table index with nothing behind it.
 * A trapping or mistyped handler fails the cage's call (lind-boot reports
 * it on stderr and returns -EIO) and leaves the grate usable. */
#include "gratetest.h"

static int h_trap(HARGS) {
    UNUSED_HARGS;
    volatile char buf[4096];
    for (int i = 0; i < (int)sizeof buf; i += 64) buf[i] = (char)i;
    if (buf[64] == 64) __builtin_trap();
    return FAKE_EUID;
}

static int __attribute__((noinline)) fill(volatile int *a, int n, int seed) {
    for (int i = 0; i < n; i++) a[i] = i * 31 + seed;
    int ok = 1;
    for (int i = 0; i < n; i++) ok &= a[i] == i * 31 + seed;
    return ok;
}

static int h_stack(HARGS) {
    UNUSED_HARGS;
    volatile int a[2048];
    return fill(a, 2048, (int)a1c) ? 4343 : -EIO;
}

static int __attribute__((noinline)) not_a_handler(int x) { return x + 1; }

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: fault_grate PROGRAM [ARGS...]\n");
        return 2;
    }
    const uint64_t me = (uint64_t)getpid();
    static char src[64] = "data", dst[64];
    say("grate: copy of 2^40 bytes: %s\n",
        rc(copy_data_between_cages(me, me, (uint64_t)(uintptr_t)src, me, (uint64_t)(uintptr_t)dst, me, 1ULL << 40,
                                   COPY_TYPE_MEMCPY)));
    say("grate: copy type 7: %s\n",
        rc(copy_data_between_cages(me, me, (uint64_t)(uintptr_t)src, me, (uint64_t)(uintptr_t)dst, me, 4, 7)));
    say("grate: copy from address 2^33: %s\n",
        rc(copy_data_between_cages(me, me, 1ULL << 33, me, (uint64_t)(uintptr_t)dst, me, 4, COPY_TYPE_MEMCPY)));
    say("grate: register_handler(self, call 5000): %s\n", rc(register_handler(me, 5000, me, FN(h_stack))));
    say("grate: register_handler(self, getegid, no such cage): %s\n",
        rc(register_handler(me, NR_getegid, 3999, FN(h_stack))));
    say("grate: register_handler(no such cage, getegid, self): %s\n",
        rc(register_handler(3999, NR_getegid, me, FN(h_stack))));
    say("grate: make_threei_call(5000): %s\n",
        rc(make_threei_call(5000, 0, me, me, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF)));
    say("grate: make_threei_call(400, not implemented): %s\n",
        rc(make_threei_call(400, 0, me, me, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF)));

    static const struct reg regs[] = {
        {NR_geteuid, h_trap},
        {NR_getegid, h_stack},
        {NR_getuid, (handler_fn)(void *)not_a_handler},
        {NR_getgid, (handler_fn)(uintptr_t)99999},
    };
    pid_t pid = spawn_parent_registered(argv + 1, regs, 4);
    if (pid < 0) return 1;
    int st = wait_for(pid);
    volatile int a[4096];
    say("grate: cage ended: %s; my own stack still works: %s\n", wstatus(st), yn(fill(a, 4096, 7)));
    return 0;
}
