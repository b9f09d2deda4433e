/* Time conversion and formatting of fixed instants in UTC (gmtime,
 * timegm, strftime, difftime): the C library's upper half. */
#include "testlib.h"
#include <time.h>

int main(void) {
    const time_t ts[] = {0, 86399, 951782400 /* 2000-02-29 */, 1000000000, 1234567890, 2147483647, 4102444800LL, -86400};
    char buf[128];
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        struct tm tm;
        if (!gmtime_r(&ts[i], &tm)) { printf("gmtime_r failed\n"); continue; }
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %b %j %u %w %y %e %C %%", &tm);
        printf("%lld: %s yday %d wday %d\n", (long long)ts[i], buf, tm.tm_yday, tm.tm_wday);
        strftime(buf, sizeof buf, "%D %T %R %F %p %I %U %W %V %G %g", &tm);
        printf("   %s\n", buf);
        time_t back = timegm(&tm);
        printf("   timegm round trip %d\n", back == ts[i]);
    }
    struct tm tm = {0};
    tm.tm_year = 124;
    tm.tm_mon = 1;
    tm.tm_mday = 30; /* Feb 30 normalises to Mar 1 */
    tm.tm_hour = 25;
    time_t n = timegm(&tm);
    printf("normalised: %lld %04d-%02d-%02d %02d\n", (long long)n, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
    printf("difftime %.1f\n", difftime(1000, 250));
    struct tm *g = gmtime(&ts[3]);
    printf("asctime: %s", asctime(g));
    size_t z = strftime(buf, 5, "%Y-%m-%d", g);
    printf("strftime too small -> %zu\n", z);
    return 0;
}
