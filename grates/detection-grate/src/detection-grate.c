/* detection-grate: refuses to exec Windows PE files. Every execve of the
 * program it runs (and of its descendants) is checked first: the file's
 * first two bytes are read through forwarded open/read/close calls (made
 * for the calling cage, so a relative path resolves against its cwd), and
 * "MZ" makes the exec fail with ENOEXEC. Anything else -- including a file
 * that cannot be opened or is shorter than two bytes -- is forwarded
 * unchanged, so the runtime decides (and reports its own error).
 *   detection-grate PROGRAM [ARGS...] */
#include <lind_grate.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>

#define L_O_RDONLY 0 /* Linux's open flags: the forwarded call is raw */

/* Reads up to 2 bytes of path (in the grate's memory) as cage `cage` would
 * see them. The number of bytes read, or -errno. */
static int first_two(uint64_t grate, uint64_t cage, const char *path, unsigned char out[2]) {
    /* Not lind_grate_forward: it acts on a1's cage, here the grate (the
     * path is in its memory); the file must open in the caller's table,
     * relative to its cwd. */
    int fd = make_threei_call(LIND_SYS_open, 0, grate, cage, (uint64_t)(uintptr_t)path, grate, L_O_RDONLY,
                              cage, 0, cage, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
    if (fd < 0) return fd;
    int got = 0;
    while (got < 2) {
        int n = lind_grate_forward(LIND_SYS_read, grate, (uint64_t)fd, cage,
                                   (uint64_t)(uintptr_t)(out + got), grate, (uint64_t)(2 - got), cage, 0, 0,
                                   0, 0, 0, 0);
        if (n == -EINTR) continue;
        if (n <= 0) {
            if (n < 0) got = n;
            break;
        }
        got += n;
    }
    lind_grate_forward(LIND_SYS_close, grate, (uint64_t)fd, cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    return got;
}

LIND_GRATE_HANDLER(checked_execve) {
    char path[PATH_MAX];
    unsigned char magic[2];
    if (lind_grate_read_string(a1cage, a1, path, sizeof path) == 0 &&
        first_two(grate, a1cage, path, magic) == 2 && magic[0] == 'M' && magic[1] == 'Z')
        return -ENOEXEC;
    return LIND_GRATE_FORWARD(LIND_SYS_execve);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: detection-grate PROGRAM [ARGS...]\n");
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_execve, checked_execve);
    return lind_grate_run(&g, &argv[1]);
}
