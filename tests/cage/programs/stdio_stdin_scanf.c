/* stdin from the runner (input/numbers.txt): scanf numbers until EOF or
 * a non-number; then read the rest with fgets. Exits with the count. */
#include "testlib.h"

int main(void) {
    long x, sum = 0;
    int count = 0, r;
    while ((r = scanf("%ld", &x)) == 1) {
        sum += x;
        count++;
    }
    printf("scanf stopped with %d after %d numbers, sum %ld\n", r, count, sum);
    char rest[128];
    while (fgets(rest, sizeof rest, stdin)) {
        rest[strcspn(rest, "\n")] = 0;
        printf("rest: [%s]\n", rest);
    }
    double d;
    r = scanf("%lf", &d);
    printf("scanf at EOF -> %d\n", r);
    return count;
}
