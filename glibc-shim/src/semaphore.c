/* POSIX unnamed semaphores: sem_init, sem_destroy, sem_post, sem_wait,
 * sem_trywait, sem_timedwait, sem_getvalue, blocking through futex (202).
 * sem_t is wasi-libc's (<semaphore.h>: int __val[4]), used as
 *   __val[0]  the count, 0..SEM_VALUE_MAX
 *   __val[1]  how many callers are in sem_wait/sem_timedwait's slow path
 *   __val[2]  the futex operation's flag: FUTEX_PRIVATE_FLAG (pshared 0) or 0
 * A semaphore in MAP_SHARED memory is updated by several cages at once, so
 * every access to it is a wasm atomic instruction (atomic.c, the one file
 * built with -matomics; see README.md "Semaphores").
 *
 * A waiter counts itself in __val[1] before it last looks at the count, and
 * a poster raises the count before it looks at __val[1] (all sequentially
 * consistent), so either the waiter sees the new count or the poster sees
 * the waiter and wakes one; the futex wait itself only sleeps while the
 * count is still 0.
 *
 * As in glibc, sem_wait and sem_timedwait fail with EINTR when a signal
 * handler interrupts them, whatever SA_RESTART says; sem_timedwait checks
 * abs_timeout's nanoseconds before anything else (EINVAL) and times out
 * against CLOCK_REALTIME.
 *
 * Named semaphores (sem_open, sem_close, sem_unlink) would need shared file
 * mappings, which lind has not: they fail with ENOSYS. */
#include <limits.h>
#include <semaphore.h>

#include "atomic.h"
#include "internal.h"

/* Linux's futex operations. */
#define FUTEX_WAKE_BITSET 10
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define LINUX_EAGAIN 11

#define COUNT(s) (&(s)->__val[0])
#define WAITERS(s) (&(s)->__val[1])
#define FLAGS(s) (&(s)->__val[2])

static int load(volatile int *p) { return __lind_atomic_load(p); }

/* Takes one from the count if it is positive. */
static int try_take(sem_t *sem) {
    int v = load(COUNT(sem));
    while (v > 0) {
        int seen = __lind_atomic_cas(COUNT(sem), v, v - 1);
        if (seen == v) return 1;
        v = seen;
    }
    return 0;
}

int sem_init(sem_t *sem, int pshared, unsigned value) {
    if (value > SEM_VALUE_MAX) return (int)__lind_fail(EINVAL);
    __lind_atomic_store(COUNT(sem), (int)value);
    __lind_atomic_store(WAITERS(sem), 0);
    __lind_atomic_store(FLAGS(sem), pshared ? 0 : FUTEX_PRIVATE_FLAG);
    __lind_atomic_store(&sem->__val[3], 0);
    return 0;
}

int sem_destroy(sem_t *sem) {
    (void)sem;
    return 0;
}

int sem_getvalue(sem_t *restrict sem, int *restrict value) {
    *value = load(COUNT(sem));
    return 0;
}

int sem_post(sem_t *sem) {
    int v = load(COUNT(sem));
    for (;;) {
        if (v == SEM_VALUE_MAX) return (int)__lind_fail(EOVERFLOW);
        int seen = __lind_atomic_cas(COUNT(sem), v, v + 1);
        if (seen == v) break;
        v = seen;
    }
    if (load(WAITERS(sem)) > 0)
        SC6(LIND_SYS_futex, LA_P(COUNT(sem)), LA_I(FUTEX_WAKE_BITSET | load(FLAGS(sem))), LA_I(1), 0, 0,
            LA_U(FUTEX_BITSET_MATCH_ANY));
    return 0;
}

int sem_trywait(sem_t *sem) {
    return try_take(sem) ? 0 : (int)__lind_fail(EAGAIN);
}

/* Blocks until the count can be taken, or `until` (CLOCK_REALTIME; NULL:
 * never) passes, or a signal handler runs. */
static int wait_until(sem_t *sem, const struct timespec *until) {
    if (try_take(sem)) return 0;
    struct __lind_kernel_timespec k;
    if (until) {
        if (until->tv_sec < 0) return (int)__lind_fail(ETIMEDOUT);
        k.tv_sec = until->tv_sec;
        k.tv_nsec = until->tv_nsec;
    }
    const int op = FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME | load(FLAGS(sem));
    int64_t err = 0;
    __lind_atomic_fetch_add(WAITERS(sem), 1);
    while (!try_take(sem)) {
        int64_t r = SC6(LIND_SYS_futex, LA_P(COUNT(sem)), LA_I(op), 0, until ? LA_P(&k) : 0, 0,
                        LA_U(FUTEX_BITSET_MATCH_ANY));
        /* Woken, or the count changed before we slept: look again. */
        if (r == 0 || r == -LINUX_EAGAIN) continue;
        err = r;
        break;
    }
    __lind_atomic_fetch_add(WAITERS(sem), -1);
    return err ? (int)__lind_ret(err) : 0;
}

int sem_wait(sem_t *sem) {
    return wait_until(sem, 0);
}

int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abs_timeout) {
    if (abs_timeout->tv_nsec < 0 || abs_timeout->tv_nsec >= 1000000000) return (int)__lind_fail(EINVAL);
    return wait_until(sem, abs_timeout);
}

sem_t *sem_open(const char *name, int flags, ...) {
    (void)name, (void)flags;
    __lind_fail(ENOSYS);
    return SEM_FAILED;
}

int sem_close(sem_t *sem) {
    (void)sem;
    return (int)__lind_fail(ENOSYS);
}

int sem_unlink(const char *name) {
    (void)name;
    return (int)__lind_fail(ENOSYS);
}
