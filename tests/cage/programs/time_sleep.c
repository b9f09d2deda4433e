/* nanosleep/usleep/sleep sleep at least as long as asked (and not
 * absurdly longer); invalid timespecs give EINVAL. */
#include "testlib.h"
#include <time.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
    long long t0 = now_ns();
    struct timespec req = {0, 60 * 1000000}, rem = {-1, -1};
    CHECK(nanosleep(&req, &rem));
    long long el = now_ns() - t0;
    printf("nanosleep 60ms: >=60ms %d <1.5s %d\n", el >= 60000000LL, el < 1500000000LL);
    t0 = now_ns();
    CHECK(usleep(30000));
    el = now_ns() - t0;
    printf("usleep 30ms: >=30ms %d <1.5s %d\n", el >= 30000000LL, el < 1500000000LL);
    t0 = now_ns();
    CHECK(sleep(0));
    req.tv_sec = 0;
    req.tv_nsec = 0;
    CHECK(nanosleep(&req, NULL));
    el = now_ns() - t0;
    printf("zero sleeps quick: %d\n", el < 500000000LL);
    struct timespec bad1 = {0, 1000000000}, bad2 = {-1, 0}, bad3 = {0, -1};
    CHECK(nanosleep(&bad1, NULL));
    CHECK(nanosleep(&bad2, NULL));
    CHECK(nanosleep(&bad3, NULL));
    t0 = now_ns();
    req.tv_sec = 0;
    req.tv_nsec = 20000000;
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL));
    el = now_ns() - t0;
    printf("clock_nanosleep 20ms: >=20ms %d\n", el >= 20000000LL);
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 30000000;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
    struct timespec after;
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf("absolute sleep reached the deadline: %d\n",
           after.tv_sec > abs.tv_sec || (after.tv_sec == abs.tv_sec && after.tv_nsec >= abs.tv_nsec));
    printf("clock_nanosleep bad: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad1, NULL)));
    return 0;
}
