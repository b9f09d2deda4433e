/* stdin from the runner (input/lines.txt): fgets line by line, with a
 * small buffer so long lines arrive in pieces; then feof. */
#include "testlib.h"

int main(void) {
    char buf[16];
    int pieces = 0, lines = 0;
    size_t total = 0;
    while (fgets(buf, sizeof buf, stdin)) {
        size_t len = strlen(buf);
        total += len;
        pieces++;
        int full = len > 0 && buf[len - 1] == '\n';
        if (full) lines++;
        printf("piece %d len %zu%s: ", pieces, len, full ? " (eol)" : "");
        for (size_t i = 0; i < len; i++)
            if (buf[i] != '\n') putchar(buf[i]);
        putchar('\n');
    }
    printf("pieces %d lines %d bytes %zu feof %d ferror %d\n", pieces, lines, total, feof(stdin) != 0, ferror(stdin) != 0);
    printf("fgetc at eof: %d\n", fgetc(stdin));
    return lines == 0 ? 1 : 0;
}
