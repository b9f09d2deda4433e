/* printf family: strings, precision on strings, vsnprintf, asprintf,
 * long outputs. */
#include "testlib.h"
#include <stdarg.h>

static int my_vsn(char *b, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(b, n, fmt, ap);
    va_end(ap);
    return r;
}
static int my_vprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vprintf(fmt, ap);
    va_end(ap);
    return r;
}

int main(void) {
    printf("[%s] [%10s] [%-10s|] [%.3s] [%10.2s] [%-10.2s|] [%.0s]\n",
           "hello", "hi", "hi", "abcdef", "abcdef", "abcdef", "gone");
    printf("[%s]\n", "");
    printf("[%5s] [%.*s]\n", "", 2, "xyz");
    char buf[32];
    int n = my_vsn(buf, sizeof buf, "%s=%d", "key", 17);
    printf("vsnprintf -> %d \"%s\"\n", n, buf);
    n = my_vsn(buf, 4, "%s", "truncate me");
    printf("vsnprintf(4) -> %d \"%s\"\n", n, buf);
    n = my_vprintf("vprintf %s %d\n", "x", 3);
    printf("vprintf -> %d\n", n);
    char *s = NULL;
    n = asprintf(&s, "%s-%05d-%x", "as", 42, 0xbeef);
    printf("asprintf -> %d \"%s\"\n", n, s);
    free(s);
    /* a long line: 5000 characters through one printf */
    char *big = malloc(5001);
    for (int i = 0; i < 5000; i++) big[i] = (char)('a' + i % 26);
    big[5000] = 0;
    n = printf("%s\n", big);
    printf("long printf -> %d\n", n);
    n = printf("%4000d|\n", 1);
    printf("wide printf -> %d\n", n);
    free(big);
    n = puts("puts line");
    printf("puts -> %s\n", n >= 0 ? "nonneg" : "EOF");
    n = fputs("fputs no newline", stdout);
    printf("|fputs -> %s\n", n >= 0 ? "nonneg" : "EOF");
    n = putchar('P');
    printf(" putchar -> %d\n", n);
    n = fputc('Q', stdout);
    printf(" fputc -> %d\n", n);
    n = putc('R', stdout);
    printf(" putc -> %d\n", n);
    return 0;
}
