/* glibc-shim: wasi-libc's <sys/time.h> plus interval timers and the legacy
 * timeval calls. */
#ifndef __LIND_SYS_TIME_H
#define __LIND_SYS_TIME_H
#include_next <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

struct itimerval {
    struct timeval it_interval;
    struct timeval it_value;
};

int getitimer(int, struct itimerval *);
int setitimer(int, const struct itimerval *__restrict, struct itimerval *__restrict);
int futimes(int, const struct timeval[2]);
int lutimes(const char *, const struct timeval[2]);

#ifdef __cplusplus
}
#endif

#endif
