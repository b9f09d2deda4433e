/* Clocks and sleeping: clock_gettime (228), clock_getres (229),
 * clock_nanosleep (230), nanosleep (35), gettimeofday (96). */
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* Outputs: the kernel's {i64 tv_sec; i64 tv_nsec} lands on wasi-libc's
 * {i64 tv_sec; i32 tv_nsec; pad} with the (small) nanoseconds in the low
 * half, so results are written straight into the caller's struct. Inputs
 * are copied into the kernel layout first. */

int clock_gettime(clockid_t clk, struct timespec *ts) {
    int64_t id = __lind_clockid_to_linux(clk);
    if (id < 0) return (int)__lind_fail(EINVAL);
    return (int)__lind_ret(SC2(LIND_SYS_clock_gettime, LA_I(id), LA_P(ts)));
}
int __clock_gettime(clockid_t, struct timespec *) __attribute__((alias("clock_gettime")));

int clock_getres(clockid_t clk, struct timespec *ts) {
    int64_t id = __lind_clockid_to_linux(clk);
    if (id < 0) return (int)__lind_fail(EINVAL);
    return (int)__lind_ret(SC2(LIND_SYS_clock_getres, LA_I(id), LA_P(ts)));
}

static int sleep_common(int64_t clk, int flags, const struct timespec *req, struct timespec *rem,
                        int use_clock) {
    if (!req) return 14; /* Linux EFAULT, as the kernel says for NULL */
    struct __lind_kernel_timespec k = {req->tv_sec, req->tv_nsec}, krem = {0, 0};
    int64_t r = use_clock ? SC4(LIND_SYS_clock_nanosleep, LA_I(clk), LA_I(flags), LA_P(&k), LA_P(&krem))
                          : SC2(LIND_SYS_nanosleep, LA_P(&k), LA_P(&krem));
    if (rem && r == -4 /* Linux EINTR */) {
        rem->tv_sec = krem.tv_sec;
        rem->tv_nsec = (long)krem.tv_nsec;
    }
    return __lind_is_err(r) ? (int)-r : 0;
}

/* Returns the error number, as POSIX says. */
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem) {
    int64_t id = __lind_clockid_to_linux(clk);
    if (id < 0) return EINVAL;
    int e = sleep_common(id, flags, req, rem, 1);
    return e ? __lind_errno_from_linux(e) : 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
    int e = sleep_common(0, 0, req, rem, 0);
    if (e) {
        errno = __lind_errno_from_linux(e);
        return -1;
    }
    return 0;
}

unsigned sleep(unsigned sec) {
    struct timespec req = {sec, 0}, rem = {0, 0};
    if (nanosleep(&req, &rem) < 0 && errno == EINTR) return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
    return 0;
}

int usleep(unsigned usec) {
    struct timespec req = {usec / 1000000, (long)(usec % 1000000) * 1000};
    return nanosleep(&req, 0);
}

int gettimeofday(struct timeval *__restrict tv, void *__restrict tz) {
    return (int)__lind_ret(SC2(LIND_SYS_gettimeofday, LA_P(tv), LA_P(tz)));
}

time_t time(time_t *t) {
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0) return (time_t)-1;
    if (t) *t = ts.tv_sec;
    return ts.tv_sec;
}

clock_t clock(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0) return (clock_t)-1;
    return (clock_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* times: 100 Hz ticks (sysconf(_SC_CLK_TCK)); the cage's CPU time counts as
 * user time, children's times are not tracked (0). */
clock_t times(struct tms *t) {
    struct timespec cpu, mono;
    if (clock_gettime(CLOCK_MONOTONIC, &mono) < 0) return (clock_t)-1;
    if (t) {
        if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) < 0) return (clock_t)-1;
        t->tms_utime = (clock_t)cpu.tv_sec * 100 + cpu.tv_nsec / 10000000;
        t->tms_stime = 0;
        t->tms_cutime = 0;
        t->tms_cstime = 0;
    }
    return (clock_t)mono.tv_sec * 100 + mono.tv_nsec / 10000000;
}
