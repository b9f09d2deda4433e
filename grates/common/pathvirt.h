/* pathvirt: a path-virtualising engine for grates. Every path-taking call
 * the shim issues is intercepted; its path is resolved in a *virtual* file
 * system (against the cage's virtual cwd, or the directory an fd was opened
 * on), component by component, with symlinks read through forwarded
 * readlink calls and interpreted in the virtual namespace, "." and ".."
 * applied to the resolved path and clamped at the virtual root; the result
 * (a normalised absolute virtual path) is mapped to a real path by the
 * grate's map function and the call is forwarded with that path, from the
 * grate's own memory, and AT_FDCWD in place of any dirfd.
 *
 * The grate supplies the mapping (chroot: DIR + path; fs-view:
 * /cage-<id> + path; tmp: /tmp/... -> /tmp/cage-<id>/...). */
#ifndef PATHVIRT_H
#define PATHVIRT_H

#include <lind_grate.h>
#include <stddef.h>
#include <stdint.h>

#define PV_PATH_MAX 4096

/* Writes into out (outsz bytes) the real path of vpath, a normalised
 * absolute virtual path ("/" or "/a/b", no "." or "..", no trailing slash)
 * seen by view `view`. 0, or -ENAMETOOLONG. */
typedef int (*pv_map_fn)(uint64_t view, const char *vpath, char *out, size_t outsz);

/* Called once per view before its first path is mapped (e.g. to create the
 * view's directory), with a cage to act for. May be NULL. */
typedef void (*pv_prepare_fn)(uint64_t grate, uint64_t cage, uint64_t view);

struct pv_config {
    pv_map_fn map;
    pv_prepare_fn prepare;
    int per_cage_view; /* 1: each cage's view is its own id; 0: one view (0) */
    int log;           /* 1: every rewrite is logged on stderr */
    const char *name;  /* the grate's name, for the log */
};

/* Installs cfg (copied) and registers every handler on g. */
void pv_init(struct lind_grate *g, const struct pv_config *cfg);

/* Sets cage's virtual cwd (view = the cage's own view). For the preexec
 * hook: the first child's starting directory. vpath must be normalised. */
int pv_set_cwd(uint64_t cage, const char *vpath);

/* The cage's own view id. */
uint64_t pv_view_of(uint64_t cage);

/* Runs cfg->prepare for the view if it has not run yet. */
void pv_prepare_view(uint64_t grate, uint64_t cage, uint64_t view);

/* Normalises an absolute host-style path lexically (for option values):
 * collapses "//", removes "." and applies ".." (clamped at "/"); no
 * trailing slash except for "/". 0 or -ENAMETOOLONG / -EINVAL (relative). */
int pv_normalise(const char *in, char *out, size_t outsz);

/* Forwards a call with target `cage` from the grate (raw result). */
int pv_call(uint64_t nr, uint64_t grate, uint64_t cage, const uint64_t a[6], const uint64_t c[6]);

#endif
