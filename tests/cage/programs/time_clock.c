/* clock_gettime: monotonic never goes back, realtime is after 2020,
 * nanoseconds in range, CPU-time clocks, clock_getres, bad clock ids. */
#include "testlib.h"
#include <time.h>

int main(void) {
    struct timespec prev, now;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &prev));
    int backwards = 0, badns = 0;
    for (int i = 0; i < 2000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec < prev.tv_sec || (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec)) backwards++;
        if (now.tv_nsec < 0 || now.tv_nsec >= 1000000000) badns++;
        prev = now;
    }
    printf("monotonic: backwards %d bad nsec %d\n", backwards, badns);
    struct timespec rt;
    CHECK(clock_gettime(CLOCK_REALTIME, &rt));
    printf("realtime after 2020: %d nsec ok %d\n", rt.tv_sec > 1577836800, rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000);
    struct timespec c1, c2;
    CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1));
    volatile unsigned x = 0;
    for (unsigned i = 0; i < 3000000; i++) x += i;
    CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c2));
    printf("cputime advanced: %d\n", c2.tv_sec > c1.tv_sec || (c2.tv_sec == c1.tv_sec && c2.tv_nsec > c1.tv_nsec));
    CHECK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1));
    CHECK(clock_gettime(CLOCK_MONOTONIC_RAW, &c1));
    CHECK(clock_gettime(CLOCK_BOOTTIME, &c1));
    CHECK(clock_gettime(CLOCK_REALTIME_COARSE, &c1));
    CHECK(clock_gettime(CLOCK_MONOTONIC_COARSE, &c1));
    struct timespec res;
    CHECK(clock_getres(CLOCK_MONOTONIC, &res));
    printf("monotonic res: >0 %d <=1ms %d\n", res.tv_sec == 0 && res.tv_nsec > 0, res.tv_sec == 0 && res.tv_nsec <= 1000000);
    CHECK(clock_getres(CLOCK_REALTIME, &res));
    printf("realtime res <=1ms %d\n", res.tv_sec == 0 && res.tv_nsec <= 1000000);
    CHECK(clock_getres(CLOCK_MONOTONIC, NULL));
    CHECK(clock_gettime((clockid_t)12345, &now));
    CHECK(clock_getres((clockid_t)12345, &res));
    clock_t cl = clock();
    printf("clock() nonneg %d\n", cl >= 0);
    return 0;
}
