/* stdin from the runner (input/lines.txt): getchar loop (a wc), ungetc on
 * stdin, and isatty on the standard streams (all redirected: 0). */
#include "testlib.h"
#include <ctype.h>

int main(void) {
    int c = getchar();
    printf("first char '%c'\n", c);
    printf("ungetc -> '%c'\n", ungetc(c, stdin));
    int chars = 0, words = 0, lines = 0, inword = 0;
    unsigned h = FNV_INIT;
    while ((c = getchar()) != EOF) {
        unsigned char ch = (unsigned char)c;
        h = fnv1a(&ch, 1, h);
        chars++;
        if (c == '\n') lines++;
        if (isspace(c)) inword = 0;
        else if (!inword) { inword = 1; words++; }
    }
    printf("wc: %d lines %d words %d chars fnv %08x\n", lines, words, chars, h);
    printf("isatty: %d %d\n", isatty(0), isatty(1));
    return 0;
}
