/* path_grate: runs argv[1...] as its child (which registers the handlers
 * itself before exec, as the seed does) with open (2) and read (0)
 * interposed.
 *
 * open: copies the path out of the caller's memory into the grate's with
 *   copy_data_between_cages (copytype 1, at most 256 bytes with the NUL;
 *   a failed copy is returned to the caller as is), refuses /secret*
 *   (EACCES), rewrites /virt/X to /real/X, and forwards the open with the
 *   path in the grate's own memory (a1cage = grate | GRATE_MEMORY_FLAG),
 *   acting on the caller (target = the caller: the fd is the caller's).
 * read: forwards the read into a buffer in the grate's memory (a2cage =
 *   grate), upper-cases the bytes, and copies them into the caller's
 *   buffer with copy_data_between_cages (copytype 0).
 * Every call is logged. Handlers are called by function-table index. */
#include <ctype.h>

#include "gratetest.h"

#define PATH_MAX_COPY 256

static int opens, reads;

static int h_open(HARGS) {
    UNUSED_HARGS;
    char path[PATH_MAX_COPY], fwd[PATH_MAX_COPY + 8];
    opens++;
    int r = copy_data_between_cages(grate, a1c, a1, a1c, (uint64_t)(uintptr_t)path, grate, sizeof path,
                                    COPY_TYPE_STRNCPY);
    if (r < 0) {
        say("grate: open: copying the path failed: %s\n", rc(r));
        return r;
    }
    if ((uintptr_t)r != (uintptr_t)path) say("grate: copy_data_between_cages did not return destaddr\n");
    size_t len = strlen(path);
    if (strncmp(path, "/secret", 7) == 0) {
        say("grate: open %s: refused\n", path);
        return -EACCES;
    }
    if (strncmp(path, "/virt/", 6) == 0) {
        snprintf(fwd, sizeof fwd, "/real/%s", path + 6);
        if (len > 60)
            say("grate: open /virt/(%d more bytes) -> /real/...\n", (int)len - 6);
        else
            say("grate: open %s -> %s\n", path, fwd);
    } else {
        snprintf(fwd, sizeof fwd, "%s", path);
        say("grate: open %s\n", path);
    }
    return make_threei_call(NR_open, 0, grate, a1c, (uint64_t)(uintptr_t)fwd, grate | GRATE_MEMORY_FLAG, a2,
                            a2c, a3, a3c, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
}

static int h_read(HARGS) {
    UNUSED_HARGS;
    char local[4096];
    reads++;
    uint64_t n = a3 < sizeof local ? a3 : sizeof local;
    int r = make_threei_call(NR_read, 0, grate, a1c, a1, a1c, (uint64_t)(uintptr_t)local, grate, n, a3c, 0, 0,
                             0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
    if (r <= 0) {
        say("grate: read(%d, %d): %s\n", (int)a1, (int)a3, r == 0 ? "EOF" : rc(r));
        return r;
    }
    for (int i = 0; i < r; i++) local[i] = (char)toupper((unsigned char)local[i]);
    int c = copy_data_between_cages(grate, a2c, (uint64_t)(uintptr_t)local, grate, a2, a2c, (uint64_t)r,
                                    COPY_TYPE_MEMCPY);
    if (c < 0) {
        say("grate: read(%d, %d): %d bytes, copy to the caller failed: %s\n", (int)a1, (int)a3, r, rc(c));
        return c;
    }
    say("grate: read(%d, %d): %d bytes\n", (int)a1, (int)a3, r);
    return r;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        say("usage: path_grate PROGRAM [ARGS...]\n");
        return 2;
    }
    static const struct reg regs[] = {{NR_open, h_open}, {NR_read, h_read}};
    pid_t pid = spawn_self_registered(argv + 1, regs, 2);
    if (pid < 0) return 1;
    int st = wait_for(pid);
    say("grate: cage ended: %s; opens %d, reads %d\n", wstatus(st), opens, reads);
    return 0;
}
