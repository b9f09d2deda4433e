/* lib_c_grate: a grate written with the grate library's C core
 * (lind_grate.h). Runs argv[1...] with geteuid answered (FAKE_EUID), getuid
 * forwarded (lind_grate_forward), unlink refused with EACCES after reading
 * the path (lind_grate_read_string, lind_grate_read), and read forwarded
 * into the grate's memory, upper-cased and written back (lind_grate_write).
 * Before that it checks the fd table (no cages involved). The teardown
 * prints the cage's status; the grate exits with the cage's status.
 * `lib_c_grate --bad-nr PROGRAM...` also registers call 1000000 (past the
 * table): the run must fail (stderr names the call, status 1) and the
 * program never runs. */
#include <ctype.h>
#include <lind_grate.h>

#include "gratetest.h"

static int h_geteuid(HARGS) {
    UNUSED_HARGS;
    return FAKE_EUID;
}

static int h_getuid(HARGS) {
    int r = lind_grate_forward(NR_getuid, grate, FWD);
    say("grate: getuid forwarded, same as mine: %s\n", yn(r == (int)getuid()));
    return r;
}

#define NR_unlink 87
static int h_unlink(HARGS) {
    UNUSED_HARGS;
    char path[256], first[4];
    int r = lind_grate_read_string(a1c, a1, path, sizeof path);
    if (r != 0) return r;
    r = lind_grate_read(a1c, a1, first, sizeof first);
    if (r != 0) return r;
    say("grate: unlink %s (first bytes %.4s): refused\n", path, first);
    /* a string with no NUL within the limit is refused */
    say("grate: read_string with len 5: %s\n", rc(lind_grate_read_string(a1c, a1, path, 5)));
    return -EACCES;
}

static int h_read(HARGS) {
    UNUSED_HARGS;
    char local[256];
    uint64_t n = a3 < sizeof local ? a3 : sizeof local;
    int r = lind_grate_forward(NR_read, grate, a1, a1c, (uint64_t)(uintptr_t)local, grate, n, a3c, a4, a4c, a5,
                               a5c, a6, a6c);
    if (r <= 0) return r;
    for (int i = 0; i < r; i++) local[i] = (char)toupper((unsigned char)local[i]);
    int w = lind_grate_write(a2c, a2, local, (size_t)r);
    if (w != 0) return w;
    say("grate: read forwarded, %d bytes upper-cased\n", r);
    return r;
}

static void teardown(int status, void *arg) {
    say("%s: teardown: cage ended: %s\n", (const char *)arg,
        status == LIND_GRATE_FAILED ? "failed" : wstatus(status));
}

static void fdtable_check(void) {
    uint64_t v = 0;
    int ok = lind_grate_fdtable_set(10, 3, 33) == 0 && lind_grate_fdtable_set_ptr(10, 4, &v) == 0 &&
             lind_grate_fdtable_get(10, 3, &v) == 0 && v == 33 && lind_grate_fdtable_get_ptr(10, 4) == &v &&
             lind_grate_fdtable_get(10, 5, NULL) == -EBADF && lind_grate_fdtable_get(11, 3, NULL) == -EBADF &&
             lind_grate_fdtable_set(10, -1, 1) == -EBADF && lind_grate_fdtable_set(10, LIND_GRATE_FD_MAX, 1) == -EBADF;
    say("fdtable: set/get: %s\n", yn(ok));
    ok = lind_grate_fdtable_alloc(10, 0, 7) == 0 && lind_grate_fdtable_alloc(10, 3, 8) == 5 &&
         lind_grate_fdtable_count(10) == 4;
    say("fdtable: alloc takes the lowest free fd: %s\n", yn(ok));
    ok = lind_grate_fdtable_fork(10, 11) == 0 && lind_grate_fdtable_get(11, 3, &v) == 0 && v == 33 &&
         lind_grate_fdtable_remove(11, 3) == 0 && lind_grate_fdtable_remove(11, 3) == -EBADF &&
         lind_grate_fdtable_get(10, 3, NULL) == 0 && lind_grate_fdtable_count(11) == 3;
    say("fdtable: fork copies, the copy is separate: %s\n", yn(ok));
    lind_grate_fdtable_drop(10);
    ok = lind_grate_fdtable_count(10) == 0 && lind_grate_fdtable_get(10, 4, NULL) == -EBADF &&
         lind_grate_fdtable_count(11) == 3;
    lind_grate_fdtable_drop(11);
    say("fdtable: drop forgets one cage: %s\n", yn(ok));
    int n = 0;
    for (uint64_t c = 100; c < 100 + LIND_GRATE_FD_CAGES + 1; c++)
        if (lind_grate_fdtable_set(c, 0, c) == 0) n++;
    int full = lind_grate_fdtable_set(999, 0, 1);
    for (uint64_t c = 100; c < 100 + LIND_GRATE_FD_CAGES + 1; c++) lind_grate_fdtable_drop(c);
    say("fdtable: %d cages fit, then: %s; after dropping: %s\n", n, rc(full), rc(lind_grate_fdtable_set(999, 0, 1)));
    lind_grate_fdtable_drop(999);
}

int main(int argc, char **argv) {
    int first = 1, bad = 0;
    if (argc > 1 && strcmp(argv[1], "--bad-nr") == 0) first = 2, bad = 1;
    if (argc <= first) {
        say("usage: lib_c_grate [--bad-nr] PROGRAM [ARGS...]\n");
        return 2;
    }
    fdtable_check();
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, NR_geteuid, h_geteuid);
    lind_grate_register(&g, NR_getuid, h_getuid);
    lind_grate_register(&g, NR_unlink, h_unlink);
    lind_grate_register(&g, NR_getpid, h_geteuid); /* removed again below */
    lind_grate_register(&g, NR_read, h_read);
    lind_grate_register(&g, NR_getpid, NULL);
    if (bad) lind_grate_register(&g, 1000000, h_geteuid);
    lind_grate_teardown(&g, teardown, "lib_c_grate");
    int st = lind_grate_run(&g, argv + first);
    say("lib_c_grate: exiting %d\n", st);
    return st;
}
