/* lind_grate.h — the grate library of glibc-shim: the lifecycle every grate
 * repeats (fork, register handlers on the child from the parent side,
 * release it, exec, wait), helpers over the 3i calls, and a per-cage fd
 * table. Built on lind_syscall.h; implemented in glibc-shim/src/grate_lib.c
 * and grate_fdtable.c (part of libc.a). See glibc-shim/README.md, "The
 * grate library". A C++ front end is lind_grate.hpp (lind::GrateBuilder).
 *
 *   LIND_GRATE_HANDLER(my_geteuid) { LIND_GRATE_UNUSED_ARGS; return 4242; }
 *   int main(int argc, char **argv) {
 *       struct lind_grate g;
 *       lind_grate_init(&g);
 *       lind_grate_register(&g, 107, my_geteuid);
 *       return lind_grate_run(&g, argv + 1);   // argv[1] is the cage
 *   }
 *
 * Build grates with tools/lind-clang --compile-grate (handlers are called
 * by function-table index, so the table must be exported).
 *
 * Results: every function returning int gives 0 (or a value) on success
 * and -errno on failure, errno values in this C library's numbering (the
 * <errno.h> constants), so a handler can return them to its caller as is.
 */
#ifndef _LIND_GRATE_H
#define _LIND_GRATE_H

#include <lind_syscall.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A syscall handler, as 3i calls it: the grate's own cage id, then the six
 * (value, cage) argument pairs. Pointers in aN belong to cage aNcage; the
 * calling cage is normally a1cage. The result goes back to the caller
 * (-errno for a failure). */
typedef int (*lind_grate_handler)(uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2,
                                  uint64_t a2cage, uint64_t a3, uint64_t a3cage, uint64_t a4,
                                  uint64_t a4cage, uint64_t a5, uint64_t a5cage, uint64_t a6,
                                  uint64_t a6cage);

/* ---- writing handlers -----------------------------------------------------
 * The 13 parameters under fixed names: grate, a1, a1cage, ..., a6, a6cage
 * (the names of lind_grate_handler above; they are part of the API).
 *
 *   LIND_GRATE_HANDLER(name)  static int name(<the 13 parameters>)
 *   LIND_GRATE_PARAMS         the parameter list, for a helper that takes
 *                             the call along: int f(int nr, LIND_GRATE_PARAMS)
 *   LIND_GRATE_ARGS           grate, a1, a1cage, ..., a6cage: the current
 *                             handler's values, to pass to such a helper
 *   LIND_GRATE_CALL_ARGS      a1, a1cage, ..., a6cage: the call's arguments
 *                             alone, e.g. for make_threei_call
 *   LIND_GRATE_FORWARD(nr)    lind_grate_forward(nr, LIND_GRATE_ARGS): the
 *                             call passed on unchanged as call nr (assign to
 *                             an aN first to forward a changed argument)
 *   LIND_GRATE_UNUSED_ARGS    an expression marking all 13 used
 *
 *   LIND_GRATE_HANDLER(no_unlink) { LIND_GRATE_UNUSED_ARGS; return -EPERM; }
 *   LIND_GRATE_HANDLER(umask_022) { a1 |= 022; return LIND_GRATE_FORWARD(LIND_SYS_umask); }
 *
 * Plain macros over the names: C and C++ alike. */
#define LIND_GRATE_PARAMS                                                                          \
    uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2, uint64_t a2cage, uint64_t a3,       \
        uint64_t a3cage, uint64_t a4, uint64_t a4cage, uint64_t a5, uint64_t a5cage, uint64_t a6, \
        uint64_t a6cage
#define LIND_GRATE_CALL_ARGS a1, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, a5, a5cage, a6, a6cage
#define LIND_GRATE_ARGS grate, LIND_GRATE_CALL_ARGS
#define LIND_GRATE_HANDLER(name) static int name(LIND_GRATE_PARAMS)
#define LIND_GRATE_FORWARD(nr) lind_grate_forward((nr), LIND_GRATE_ARGS)
#define LIND_GRATE_UNUSED_ARGS                                                                     \
    ((void)grate, (void)a1, (void)a1cage, (void)a2, (void)a2cage, (void)a3, (void)a3cage,          \
     (void)a4, (void)a4cage, (void)a5, (void)a5cage, (void)a6, (void)a6cage)

/* Called once the child has ended: status is its raw wait status
 * (WIFEXITED/WEXITSTATUS/WIFSIGNALED/WTERMSIG apply), or
 * LIND_GRATE_FAILED when the grate could not start or wait for it. */
typedef void (*lind_grate_teardown_fn)(int status, void *arg);
/* Called in the parent after every handler is registered on the child and
 * before the child is released to exec; a non-zero result aborts the run
 * (the child is killed, run returns 1). */
typedef int (*lind_grate_preexec_fn)(uint64_t child, void *arg);

#define LIND_GRATE_FAILED (-1)

/* At most this many distinct syscall numbers per grate: every Linux
 * x86-64 call lind knows fits (a tracer registers them all). */
#define LIND_GRATE_MAX_HANDLERS 512

struct lind_grate_entry {
    uint64_t nr;
    lind_grate_handler fn;
};

/* Fill with lind_grate_init; the fields are not part of the API. */
struct lind_grate {
    int count;
    int overflow; /* a registration did not fit: run refuses to start */
    struct lind_grate_entry entries[LIND_GRATE_MAX_HANDLERS];
    lind_grate_teardown_fn teardown;
    void *teardown_arg;
    lind_grate_preexec_fn preexec;
    void *preexec_arg;
};

/* An empty grate: no handlers, no teardown, no preexec. */
void lind_grate_init(struct lind_grate *g);

/* Calls `nr` made by the child (and, through inherited tables, its
 * descendants) go to `fn`. Registering `nr` again replaces the handler;
 * fn == NULL removes it. 0, -EINVAL (g NULL), or -ENOSPC (more than
 * LIND_GRATE_MAX_HANDLERS numbers; run will then fail). */
int lind_grate_register(struct lind_grate *g, uint64_t nr, lind_grate_handler fn);

/* Sets (replaces) the function run after the child ended. */
void lind_grate_teardown(struct lind_grate *g, lind_grate_teardown_fn fn, void *arg);

/* Sets (replaces) the function run before the child is released. */
void lind_grate_preexec(struct lind_grate *g, lind_grate_preexec_fn fn, void *arg);

/* Runs argv[0] (with argv; a path in the lindfs) as this grate's child,
 * its registered calls interposed:
 *   1. a process-shared semaphore in a MAP_SHARED|MAP_ANONYMOUS page;
 *   2. fork; the child sem_waits, then execv(argv[0], argv) (exit 127 if
 *      the exec fails, reported on stderr);
 *   3. the parent registers every handler in the child's table
 *      (register_handler(child, nr, getpid(), fn)), runs preexec,
 *      sem_posts, and waits for the child;
 *   4. teardown(status, arg).
 * Returns what the grate should exit with: the child's exit status, or
 * 128 + N if signal N killed it. If a registration (or preexec) fails, the
 * child is killed and reaped, the failing call is reported on stderr,
 * teardown gets LIND_GRATE_FAILED and the result is 1; likewise 1 when
 * argv is empty or mmap/fork/waitpid fail. */
int lind_grate_run(struct lind_grate *g, char **argv);

/* ---- memory of other cages (over copy_data_between_cages) ---------------
 * `cage` is the cage owning `addr` (in a handler: the aNcage next to aN).
 * 0 or -errno (EFAULT: a range outside the cage's memory; EINVAL: no NUL
 * within len; EPERM: a cage this grate may not touch). */

/* A NUL-terminated string of at most len bytes, NUL included. */
int lind_grate_read_string(uint64_t cage, uint64_t addr, char *buf, size_t len);
/* Exactly len bytes from the cage into buf. */
int lind_grate_read(uint64_t cage, uint64_t addr, void *buf, size_t len);
/* Exactly len bytes from buf into the cage. */
int lind_grate_write(uint64_t cage, uint64_t addr, const void *buf, size_t len);

/* Forwards call nr for the caller (a1cage) through this grate's own table
 * (to the grate stacked above it, or the runtime), arguments as given:
 * make_threei_call(nr, 0, grate, a1cage, a1, a1cage, ..., a6cage,
 * TRANSLATE_ERRNO_OFF). Returns the raw result (-errno on failure). To pass
 * a buffer of the grate's own, use its address with cage `grate`. */
int lind_grate_forward(uint64_t nr, uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2,
                       uint64_t a2cage, uint64_t a3, uint64_t a3cage, uint64_t a4,
                       uint64_t a4cage, uint64_t a5, uint64_t a5cage, uint64_t a6,
                       uint64_t a6cage);

/* ---- a per-cage fd table, for grates that virtualise fds -----------------
 * Maps (cage, fd) to a uint64_t (or a pointer). Limits: fds
 * 0..LIND_GRATE_FD_MAX-1 and at most LIND_GRATE_FD_CAGES cages with a
 * table at once (a cage gets one at its first set or fork; 16 bytes per fd
 * are allocated then). No locking: a grate runs one handler at a time.
 * The table does not follow the cages by itself: from the grate's fork
 * (clone) handler call lind_grate_fdtable_fork(caller, new child) after
 * forwarding, and from its exec/exit handlers lind_grate_fdtable_drop
 * (close-on-exec is not tracked: drop forgets every entry). */
#define LIND_GRATE_FD_MAX 1024
#define LIND_GRATE_FD_CAGES 128

/* 0; -EBADF (fd out of range); -ENOMEM (no table slot or memory). */
int lind_grate_fdtable_set(uint64_t cage, int fd, uint64_t value);
/* 0 and *value, or -EBADF (no entry). value may be NULL. */
int lind_grate_fdtable_get(uint64_t cage, int fd, uint64_t *value);
/* The entry's value in place, or NULL (no entry): for a handler's hot
 * path, no out-parameter. Valid until the table changes. */
const uint64_t *lind_grate_fdtable_find(uint64_t cage, int fd);
/* 0, or -EBADF (no entry). */
int lind_grate_fdtable_remove(uint64_t cage, int fd);
/* Sets the lowest free fd >= minfd to value; returns it, or -EMFILE (none
 * below LIND_GRATE_FD_MAX), -EINVAL (minfd < 0), -ENOMEM. */
int lind_grate_fdtable_alloc(uint64_t cage, int minfd, uint64_t value);
/* child's table becomes a copy of parent's (empty if parent has none).
 * 0 or -ENOMEM. */
int lind_grate_fdtable_fork(uint64_t parent, uint64_t child);
/* Forgets every entry of cage and frees its table. */
void lind_grate_fdtable_drop(uint64_t cage);
/* Number of entries cage has (0 without a table). */
int lind_grate_fdtable_count(uint64_t cage);

static inline int lind_grate_fdtable_set_ptr(uint64_t cage, int fd, void *p) {
    return lind_grate_fdtable_set(cage, fd, (uint64_t)(uintptr_t)p);
}
/* The pointer, or NULL when there is no entry. */
static inline void *lind_grate_fdtable_get_ptr(uint64_t cage, int fd) {
    const uint64_t *v = lind_grate_fdtable_find(cage, fd);
    return v ? (void *)(uintptr_t)*v : NULL;
}

#ifdef __cplusplus
}
#endif

#endif
