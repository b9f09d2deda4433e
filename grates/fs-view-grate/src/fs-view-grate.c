/* fs-view-grate: every cage under the grate (the program it runs and each
 * descendant) sees its own file system: cage N's "/" is /cage-N. Every path
 * is resolved in the cage's virtual tree -- against its virtual cwd, "."
 * and ".." applied and clamped at its root, symlinks read and interpreted
 * inside the view -- and forwarded as /cage-N + path (see pathvirt.h).
 * /cage-N is created (mode 0755) before the cage's first call.
 *   fs-view-grate [--log] PROGRAM [ARGS...]
 * PROGRAM is itself looked up in the first child's view. */
#include <errno.h>
#include <lind_grate.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pathvirt.h"

static int map_view(uint64_t view, const char *vpath, char *out, size_t outsz) {
    int n = snprintf(out, outsz, "/cage-%llu%s", (unsigned long long)view, strcmp(vpath, "/") == 0 ? "" : vpath);
    return n < 0 || (size_t)n >= outsz ? -ENAMETOOLONG : 0;
}

static void make_view(uint64_t grate, uint64_t cage, uint64_t view) {
    char dir[64];
    map_view(view, "/", dir, sizeof dir);
    int r = make_threei_call(LIND_SYS_mkdir, 0, grate, cage, (uint64_t)(uintptr_t)dir, grate | LIND_GRATE_MEMORY_FLAG,
                             0755, cage, 0, cage, 0, cage, 0, cage, 0, cage, TRANSLATE_ERRNO_OFF);
    if (r < 0 && r != -EEXIST) fprintf(stderr, "fs-view-grate: mkdir %s: %s\n", dir, strerror(-r));
}

/* The first child starts at its view's root (for the layer below too). */
static int start_in_view(uint64_t child, void *arg) {
    (void)arg;
    uint64_t grate = (uint64_t)getpid();
    char dir[64];
    pv_prepare_view(grate, child, pv_view_of(child));
    map_view(pv_view_of(child), "/", dir, sizeof dir);
    int r = make_threei_call(LIND_SYS_chdir, 0, grate, child, (uint64_t)(uintptr_t)dir, grate | LIND_GRATE_MEMORY_FLAG,
                             0, child, 0, child, 0, child, 0, child, 0, child, TRANSLATE_ERRNO_OFF);
    if (r < 0) {
        fprintf(stderr, "fs-view-grate: chdir %s: %s\n", dir, strerror(-r));
        return 1;
    }
    return pv_set_cwd(child, "/") == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    int log = 0, i = 1;
    if (i < argc && strcmp(argv[i], "--log") == 0) log = 1, i++;
    if (i < argc && strcmp(argv[i], "--") == 0) i++;
    if (i >= argc) {
        fprintf(stderr, "usage: fs-view-grate [--log] PROGRAM [ARGS...]\n");
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    struct pv_config cfg = {map_view, make_view, 1, log, "fs-view-grate"};
    pv_init(&g, &cfg);
    lind_grate_preexec(&g, start_in_view, NULL);
    return lind_grate_run(&g, &argv[i]);
}
