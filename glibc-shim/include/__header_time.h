/* glibc-shim replacement for wasi-libc's <__header_time.h>.
 *
 * clockid_t stays wasi-libc's pointer type (kept objects such as
 * timespec_get pass &_CLOCK_REALTIME); clock_gettime & co. translate the
 * four _CLOCK_* objects to Linux ids 0..3, and also accept a small integer
 * cast to clockid_t as the Linux id itself, which is how the other Linux
 * clocks below are spelled. CLOCKS_PER_SEC is 1000000 as on Linux (clock()
 * is ours). */
#ifndef __wasilibc___header_time_h
#define __wasilibc___header_time_h

#define __need_size_t
#define __need_NULL
#include <stddef.h>

#include <__typedef_time_t.h>
#include <__struct_timespec.h>
#include <__struct_tm.h>
#include <__typedef_clockid_t.h>

#define TIMER_ABSTIME 1

extern const struct __clockid _CLOCK_MONOTONIC;
#define CLOCK_MONOTONIC (&_CLOCK_MONOTONIC)
extern const struct __clockid _CLOCK_PROCESS_CPUTIME_ID;
#define CLOCK_PROCESS_CPUTIME_ID (&_CLOCK_PROCESS_CPUTIME_ID)
extern const struct __clockid _CLOCK_REALTIME;
#define CLOCK_REALTIME (&_CLOCK_REALTIME)
extern const struct __clockid _CLOCK_THREAD_CPUTIME_ID;
#define CLOCK_THREAD_CPUTIME_ID (&_CLOCK_THREAD_CPUTIME_ID)

#define CLOCK_MONOTONIC_RAW ((clockid_t)4)
#define CLOCK_REALTIME_COARSE ((clockid_t)5)
#define CLOCK_MONOTONIC_COARSE ((clockid_t)6)
#define CLOCK_BOOTTIME ((clockid_t)7)
#define CLOCK_TAI ((clockid_t)11)

#define TIME_UTC 1

#define CLOCKS_PER_SEC ((clock_t)1000000)

#endif
