/* printf family: integer conversions, flags, widths, precisions, length
 * modifiers, limits, %n, %%, %c, and the return values. */
#include "testlib.h"
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <inttypes.h>

int main(void) {
    int n;
    n = printf("[%d] [%i] [%u] [%x] [%X] [%o]\n", 42, -42, 42u, 255, 255, 8);
    printf("returned %d\n", n);
    printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]\n", 42, 42, 42, 42, 42, -42);
    printf("[%#x] [%#X] [%#o] [%#x] [%#o]\n", 255, 255, 8, 0, 0);
    printf("[%.3d] [%8.3d] [%-8.3d|] [%.0d] [%.0d]\n", 7, 7, 7, 0, 1);
    printf("[%*d] [%-*d] [%.*d] [%*.*d]\n", 6, 1, 6, 2, 4, 3, 8, 5, 4);
    printf("[%hhd] [%hhu] [%hd] [%hu]\n", (signed char)-1, (unsigned char)255, (short)-2, (unsigned short)65535);
    printf("[%ld] [%lu] [%lld] [%llu]\n", -123456789L, 123456789UL, LLONG_MIN, ULLONG_MAX);
    printf("[%d] [%d] [%u]\n", INT_MIN, INT_MAX, UINT_MAX);
    printf("[%zu] [%zd] [%td] [%jd] [%ju]\n", (size_t)12345, (ssize_t)-5, (ptrdiff_t)-7, (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
    printf("[%" PRId64 "] [%" PRIu64 "] [%" PRIx64 "] [%" PRId32 "] [%" PRIu8 "]\n",
           (int64_t)-1, (uint64_t)1 << 63, (uint64_t)0xdeadbeefcafeULL, (int32_t)-2147483647, (uint8_t)200);
    printf("[%c] [%3c] [%-3c|] [%%]\n", 'x', 'y', 'z');
    printf("[%llx] [%llo] [%#llX]\n", 0x123456789abcdefULL, 0777777777777ULL, 0xabcULL);
    int pos1 = 0, pos2 = 0;
    printf("abc%ndef%n\n", &pos1, &pos2);
    printf("%%n: %d %d\n", pos1, pos2);
    char buf[64];
    n = sprintf(buf, "%d-%s-%c", 12, "ab", 'q');
    printf("sprintf -> %d \"%s\"\n", n, buf);
    n = snprintf(buf, 5, "%d", 123456789);
    printf("snprintf(5) -> %d \"%s\"\n", n, buf);
    n = snprintf(NULL, 0, "%08.3f|%s", 3.14159, "hello");
    printf("snprintf(NULL,0) -> %d\n", n);
    n = snprintf(buf, 1, "xyz");
    printf("snprintf(1) -> %d \"%s\"\n", n, buf);
    n = fprintf(stdout, "fprintf %d\n", 1);
    printf("fprintf returned %d\n", n);
    n = dprintf(1, "%s", "");
    printf("dprintf empty -> %d\n", n);
    fflush(stdout);
    n = dprintf(1, "dprintf %d %s\n", 99, "ok");
    printf("dprintf returned %d\n", n);
    return 0;
}
