/* The C library's portable upper half: string functions, conversions,
 * qsort/bsearch, character classes (C locale). */
#include "testlib.h"
#include <ctype.h>
#include <limits.h>

static int icmp(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }

int main(void) {
    char buf[64];
    strcpy(buf, "hello");
    strcat(buf, ", world");
    printf("%s len %zu\n", buf, strlen(buf));
    printf("strcmp %d %d %d\n", strcmp("a", "b") < 0, strcmp("b", "a") > 0, strcmp("x", "x"));
    printf("strncmp %d strcasecmp %d\n", strncmp("abcd", "abce", 3), strcasecmp("HeLLo", "hello"));
    printf("strchr %s strrchr %s strstr %s\n", strchr(buf, 'o'), strrchr(buf, 'o'), strstr(buf, "wor"));
    printf("strspn %zu strcspn %zu\n", strspn("aaabbc", "ab"), strcspn("hello world", " "));
    char tok[] = "a,b,,c;d";
    char *save, *t = strtok_r(tok, ",;", &save);
    while (t) { printf("tok [%s]\n", t); t = strtok_r(NULL, ",;", &save); }
    char *dup = strndup("truncate", 4);
    printf("strndup %s\n", dup);
    free(dup);
    printf("memchr %s\n", (char *)memchr("abcdef", 'd', 6));
    printf("memcmp %d\n", memcmp("abc", "abd", 3) < 0);
    memset(buf, 'x', 5);
    buf[5] = 0;
    memmove(buf + 1, buf, 3);
    printf("memmove %s\n", buf);
    char *end;
    printf("strtol %ld %ld %ld\n", strtol("  -123abc", &end, 10), strtol("0x1F", NULL, 16), strtol("0777", NULL, 0));
    printf("end [%s]\n", end);
    errno = 0;
    long big = strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow %d %s\n", big == LONG_MAX, errname(errno));
    printf("strtoul %lu strtoll %lld strtoull %llu\n", strtoul("4294967295", NULL, 10), strtoll("-9223372036854775808", NULL, 10), strtoull("18446744073709551615", NULL, 10));
    printf("strtod %.6f %.3e %g\n", strtod("3.14159", NULL), strtod("-1.5e-7", NULL), strtod("inf", NULL));
    printf("atoi %d atol %ld atof %.2f\n", atoi("42"), atol("-7"), atof("2.50"));
    int arr[] = {5, 3, 9, 1, 7, 2, 8, 6, 4, 0};
    qsort(arr, 10, sizeof arr[0], icmp);
    for (int i = 0; i < 10; i++) printf("%d", arr[i]);
    int key = 7;
    int *f = bsearch(&key, arr, 10, sizeof arr[0], icmp);
    printf(" found 7 at %td\n", f ? f - arr : -1);
    int cls = 0;
    for (int ch = 0; ch < 128; ch++)
        cls += (isalpha(ch) != 0) + 2 * (isdigit(ch) != 0) + 4 * (isspace(ch) != 0) + 8 * (ispunct(ch) != 0) + 16 * (isupper(ch) != 0);
    printf("ctype sum %d toupper %c tolower %c\n", cls, toupper('q'), tolower('Q'));
    printf("abs %d labs %ld llabs %lld\n", abs(-5), labs(-6L), llabs(-7LL));
    div_t d = div(17, 5);
    printf("div %d %d\n", d.quot, d.rem);
    return 0;
}
