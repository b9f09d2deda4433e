/* proc_grate: runs argv[1...] as its child (registering in the child, seed
 * style) with fork (clone, 56), execve (59), exit_group (231)
 * and mmap (9) interposed. Every handler logs and forwards the call to the
 * caller with its arguments unchanged (glibc-shim's exit() and _exit()
 * end in exit_group; exit (60) is not used); fork's result in the parent is
 * changed to pid + 1000 (the child still gets 0).
 *
 * Handlers go through an exported pass_fptr_to_wt in its variadic form
 * (the runtime passes the twelve argument values in the grate's memory). */
#include "gratetest.h"

int pass_fptr_to_wt(uint64_t fn, uint64_t grate, ...) {
    if (fn == 0) return -1;
    uint64_t v[12];
    va_list ap;
    va_start(ap, grate);
    for (int i = 0; i < 12; i++) v[i] = va_arg(ap, uint64_t);
    va_end(ap);
    handler_fn h = (handler_fn)(uintptr_t)fn;
    return h(grate, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
}

static int h_clone(HARGS) {
    UNUSED_HARGS;
    say("grate: fork from the cage\n");
    int r = FORWARD(NR_clone, a1c);
    if (r <= 0) {
        say("grate: fork failed: %s\n", rc(r));
        return r;
    }
    say("grate: fork forwarded; returning the child's pid + 1000\n");
    return r + 1000;
}

static int h_execve(HARGS) {
    UNUSED_HARGS;
    char path[256];
    int c = copy_data_between_cages(grate, a1c, a1, a1c, (uint64_t)(uintptr_t)path, grate, sizeof path,
                                    COPY_TYPE_STRNCPY);
    say("grate: execve %s\n", c < 0 ? rc(c) : path);
    int r = FORWARD(NR_execve, a1c);
    say("grate: execve forwarded: %s\n", rc(r));
    return r;
}

static int h_exit(HARGS) {
    UNUSED_HARGS;
    say("grate: exit_group(%d)\n", (int)a1);
    int r = FORWARD(NR_exit_group, a1c);
    say("grate: exit_group forwarded (%s); the handler goes on\n", rc(r));
    return r;
}

static int h_mmap(HARGS) {
    UNUSED_HARGS;
    int r = FORWARD(NR_mmap, a1c);
    say("grate: mmap(len %u): %s\n", (unsigned)a2, rc(r));
    return r;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: proc_grate PROGRAM [ARGS...]\n");
        return 2;
    }
    static const struct reg regs[] = {
        {NR_clone, h_clone}, {NR_execve, h_execve}, {NR_exit_group, h_exit},
        {NR_mmap, h_mmap},
    };
    pid_t pid = spawn_self_registered(argv + 1, regs, 4);
    if (pid < 0) return 1;
    int st = wait_for(pid);
    say("grate: cage ended: %s\n", wstatus(st));
    return 0;
}
