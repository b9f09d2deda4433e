/* time(), gettimeofday() and clock_gettime(CLOCK_REALTIME) agree with
 * each other to within a second; tv_usec ranges; time(&t) == result. */
#include "testlib.h"
#include <sys/time.h>
#include <time.h>

int main(void) {
    time_t t1 = 0;
    time_t r = time(&t1);
    printf("time(&t) == result: %d\n", r == t1);
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL));
    struct timespec ts;
    CHECK(clock_gettime(CLOCK_REALTIME, &ts));
    time_t t2 = time(NULL);
    printf("tv_usec in range: %d\n", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    printf("ordered within 1s: %d %d %d\n", tv.tv_sec >= r && tv.tv_sec <= r + 1, ts.tv_sec >= tv.tv_sec && ts.tv_sec <= tv.tv_sec + 1,
           t2 >= ts.tv_sec && t2 <= ts.tv_sec + 1);
    printf("after 2020, before 2100: %d\n", r > 1577836800 && r < 4102444800LL);
    struct timeval a, b;
    gettimeofday(&a, NULL);
    usleep(20000);
    gettimeofday(&b, NULL);
    long long d = (b.tv_sec - a.tv_sec) * 1000000LL + (b.tv_usec - a.tv_usec);
    printf("gettimeofday advanced >=20ms: %d\n", d >= 20000);
    return 0;
}
