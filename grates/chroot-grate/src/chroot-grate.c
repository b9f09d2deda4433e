/* chroot-grate: runs a program (and every descendant) chrooted into DIR, a
 * directory of the lindfs. Every path the program names is resolved in the
 * virtual tree rooted at DIR -- against its virtual cwd, "." and ".."
 * applied and clamped at DIR, symlinks read and interpreted as if DIR were
 * "/" -- and forwarded as DIR + path (see pathvirt.h).
 *   chroot-grate [--log] --chroot-dir DIR PROGRAM [ARGS...]
 * PROGRAM is itself looked up inside DIR. */
#include <errno.h>
#include <lind_grate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pathvirt.h"

static char root[PV_PATH_MAX]; /* normalised; "/" or "/a/b" */

static int map_chroot(uint64_t view, const char *vpath, char *out, size_t outsz) {
    (void)view;
    int n;
    if (strcmp(root, "/") == 0)
        n = snprintf(out, outsz, "%s", vpath);
    else
        n = snprintf(out, outsz, "%s%s", root, strcmp(vpath, "/") == 0 ? "" : vpath);
    return n < 0 || (size_t)n >= outsz ? -ENAMETOOLONG : 0;
}

/* The first child starts in the chroot's "/" (for the layer below too). */
static int start_in_root(uint64_t child, void *arg) {
    (void)arg;
    uint64_t grate = (uint64_t)getpid();
    int r = make_threei_call(LIND_SYS_chdir, 0, grate, child, (uint64_t)(uintptr_t)root,
                             grate | LIND_GRATE_MEMORY_FLAG, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
    if (r < 0) {
        fprintf(stderr, "chroot-grate: chdir %s: %s\n", root, strerror(-r));
        return 1;
    }
    return pv_set_cwd(child, "/") == 0 ? 0 : 1;
}

static int usage(void) {
    fprintf(stderr, "usage: chroot-grate [--log] --chroot-dir DIR PROGRAM [ARGS...]\n");
    return 2;
}

int main(int argc, char **argv) {
    const char *dir = NULL;
    int log = 0, i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--log") == 0) {
            log = 1;
        } else if (strcmp(argv[i], "--chroot-dir") == 0) {
            if (++i >= argc) return usage();
            dir = argv[i];
        } else if (strncmp(argv[i], "--chroot-dir=", 13) == 0) {
            dir = argv[i] + 13;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "chroot-grate: unknown option %s\n", argv[i]);
            return usage();
        } else {
            break;
        }
    }
    if (!dir || !*dir) {
        fprintf(stderr, "chroot-grate: --chroot-dir DIR is required\n");
        return usage();
    }
    if (i >= argc) return usage();
    char abs[PV_PATH_MAX];
    if (dir[0] == '/') {
        snprintf(abs, sizeof abs, "%s", dir);
    } else {
        char cwd[PV_PATH_MAX];
        if (!getcwd(cwd, sizeof cwd) || snprintf(abs, sizeof abs, "%s/%s", cwd, dir) >= (int)sizeof abs) {
            fprintf(stderr, "chroot-grate: %s: path too long\n", dir);
            return 2;
        }
    }
    if (pv_normalise(abs, root, sizeof root) != 0) {
        fprintf(stderr, "chroot-grate: %s: path too long\n", dir);
        return 2;
    }
    struct stat st;
    if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "chroot-grate: --chroot-dir %s: not a directory\n", dir);
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    struct pv_config cfg = {map_chroot, NULL, 0, log, "chroot-grate"};
    pv_init(&g, &cfg);
    lind_grate_preexec(&g, start_in_root, NULL);
    return lind_grate_run(&g, &argv[i]);
}
