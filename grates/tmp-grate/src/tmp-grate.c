/* tmp-grate: a private /tmp for every cage under the grate (the program it
 * runs and each descendant): cage N's /tmp is /tmp/cage-N; every other path
 * is the real one. Every path is resolved in the cage's virtual tree --
 * against its virtual cwd, "." and ".." applied, symlinks read and
 * interpreted in the virtual tree (so a link to /tmp/x anywhere reaches the
 * private x) -- and forwarded with /tmp[/...] replaced by /tmp/cage-N[/...]
 * (see pathvirt.h). /tmp/cage-N is created (mode 0700) before the cage's
 * first call.
 *   tmp-grate [--log] PROGRAM [ARGS...] */
#include <errno.h>
#include <lind_grate.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pathvirt.h"

static int map_tmp(uint64_t view, const char *vpath, char *out, size_t outsz) {
    int n;
    if (strncmp(vpath, "/tmp", 4) == 0 && (vpath[4] == 0 || vpath[4] == '/'))
        n = snprintf(out, outsz, "/tmp/cage-%llu%s", (unsigned long long)view, vpath + 4);
    else
        n = snprintf(out, outsz, "%s", vpath);
    return n < 0 || (size_t)n >= outsz ? -ENAMETOOLONG : 0;
}

static int fwd_mkdir(uint64_t grate, uint64_t cage, const char *dir, uint64_t mode) {
    return make_threei_call(LIND_SYS_mkdir, 0, grate, cage, (uint64_t)(uintptr_t)dir, grate | LIND_GRATE_MEMORY_FLAG,
                            mode, cage, 0, cage, 0, cage, 0, cage, 0, cage, TRANSLATE_ERRNO_OFF);
}

static void make_tmp(uint64_t grate, uint64_t cage, uint64_t view) {
    char dir[64];
    map_tmp(view, "/tmp", dir, sizeof dir);
    int r = fwd_mkdir(grate, cage, "/tmp", 01777);
    if (r == 0 || r == -EEXIST) r = fwd_mkdir(grate, cage, dir, 0700);
    if (r < 0 && r != -EEXIST) fprintf(stderr, "tmp-grate: mkdir %s: %s\n", dir, strerror(-r));
}

static char start_cwd[PV_PATH_MAX];

/* The first child starts where the grate is (its cwd, as a virtual path). */
static int start(uint64_t child, void *arg) {
    (void)arg;
    pv_prepare_view((uint64_t)getpid(), child, pv_view_of(child));
    return pv_set_cwd(child, start_cwd) == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    int log = 0, i = 1;
    if (i < argc && strcmp(argv[i], "--log") == 0) log = 1, i++;
    if (i < argc && strcmp(argv[i], "--") == 0) i++;
    if (i >= argc) {
        fprintf(stderr, "usage: tmp-grate [--log] PROGRAM [ARGS...]\n");
        return 2;
    }
    char cwd[PV_PATH_MAX];
    if (!getcwd(cwd, sizeof cwd) || pv_normalise(cwd, start_cwd, sizeof start_cwd) != 0) strcpy(start_cwd, "/");
    struct lind_grate g;
    lind_grate_init(&g);
    struct pv_config cfg = {map_tmp, make_tmp, 1, log, "tmp-grate"};
    pv_init(&g, &cfg);
    lind_grate_preexec(&g, start, NULL);
    return lind_grate_run(&g, &argv[i]);
}
