/* sscanf conversions and return values (no stdin). */
#include "testlib.h"

int main(void) {
    int a = -1, b = -1, c = -1;
    unsigned u = 0;
    long long l = 0;
    double d = 0;
    float f = 0;
    char s[32] = "", t[32] = "";
    int n;
    n = sscanf("12 34 56", "%d %d %d", &a, &b, &c);
    printf("%d: %d %d %d\n", n, a, b, c);
    n = sscanf("0x1f 017 -9", "%i %i %i", &a, &b, &c);
    printf("%d: %d %d %d\n", n, a, b, c);
    n = sscanf("ff 777", "%x %o", &u, &a);
    printf("%d: %u %d\n", n, u, a);
    n = sscanf("3.25 -1e3", "%lf %f", &d, &f);
    printf("%d: %.3f %.1f\n", n, d, (double)f);
    n = sscanf("word1 word2", "%s %s", s, t);
    printf("%d: %s %s\n", n, s, t);
    n = sscanf("abcdefgh", "%3s%2s", s, t);
    printf("%d: %s %s\n", n, s, t);
    n = sscanf("key=value;", "%[^=]=%[^;]", s, t);
    printf("%d: %s %s\n", n, s, t);
    n = sscanf("123abc", "%d%n", &a, &b);
    printf("%d: %d consumed %d\n", n, a, b);
    a = b = -1;
    n = sscanf("x12", "%d", &a);
    printf("no match: %d %d\n", n, a);
    n = sscanf("", "%d", &a);
    printf("empty: %d\n", n);
    n = sscanf("   ", "%d", &a);
    printf("blank: %d\n", n);
    n = sscanf("7 8", "%d %*d %d", &a, &b);
    printf("suppressed: %d %d\n", n, a);
    n = sscanf("2024-01-15", "%d-%d-%d", &a, &b, &c);
    printf("date: %d %d %d %d\n", n, a, b, c);
    n = sscanf("-2147483648 9223372036854775807", "%d %lld", &a, &l);
    printf("limits: %d %d %lld\n", n, a, l);
    char ch1 = 0, ch2 = 0;
    n = sscanf("a b", "%c %c", &ch1, &ch2);
    printf("chars: %d %c %c\n", n, ch1, ch2);
    n = sscanf("100%", "%d%%", &a);
    printf("percent: %d %d\n", n, a);
    return 0;
}
