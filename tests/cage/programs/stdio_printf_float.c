/* printf family: floating-point conversions and rounding. */
#include "testlib.h"
#include <math.h>
#include <float.h>

int main(void) {
    double v[] = {0.0, -0.0, 1.0, -1.5, 0.1, 2.5, 3.5, 0.125, 1e-10, 123456789.0,
                  1e300, -1e-300, 1.0 / 3.0, 2.0 / 3.0, 1e21, 9.999999, 0.5, 1.5};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        printf("[%f] [%.2f] [%.0f] [%e] [%.3E] [%g] [%G] [%.10g] [%#g] [%a]\n",
               v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
    }
    printf("[%10.3f] [%-10.3f|] [%+.2f] [% .2f] [%010.2f] [%+010.2f]\n", 3.14159, 3.14159, 2.0, 2.0, -3.5, 3.5);
    printf("[%f] [%f] [%F] [%e] [%g] [%5.1f]\n", INFINITY, -INFINITY, INFINITY, NAN, NAN, INFINITY);
    printf("[%.20f]\n", 0.1);
    printf("[%.17g] [%.17g]\n", DBL_MAX, DBL_MIN);
    printf("[%g] [%g] [%g] [%g]\n", 100000.0, 1000000.0, 0.0001, 0.00001);
    printf("[%.3g] [%.3g] [%#.3g]\n", 1234.5, 0.00012345, 1.0);
    printf("[%f] [%e]\n", (double)1.5f, (double)FLT_MAX);
    printf("[%*.*f]\n", 12, 4, 2.718281828);
    char buf[128];
    int n = snprintf(buf, sizeof buf, "%.50f", 1.0 / 7.0);
    printf("%d %s\n", n, buf);
    printf("%.1f %.1f %.1f %.1f\n", 0.05, 0.15, 0.25, 0.35);
    printf("%.2e %.2e\n", 1.005, 2.675);
    return 0;
}
