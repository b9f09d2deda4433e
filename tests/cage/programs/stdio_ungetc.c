/* ungetc on a file stream: pushback, position, EOF pushback rules. */
#include "testlib.h"

int main(void) {
    put_file("u.txt", "abc\n123\n");
    FILE *f = fopen("u.txt", "r");
    int c = fgetc(f);
    printf("got '%c' ftell %ld\n", c, ftell(f));
    int u = ungetc('Z', f);
    printf("ungetc('Z') -> '%c' ftell %ld\n", u, ftell(f));
    int c1 = fgetc(f);
    int c2 = fgetc(f);
    printf("reread '%c' then '%c'\n", c1, c2);
    printf("ungetc(EOF) -> %d\n", ungetc(EOF, f));
    char line[32];
    printf("fgets: %s", fgets(line, sizeof line, f));
    int x = 0;
    ungetc('9', f);
    printf("fscanf with pushed '9': %d", fscanf(f, "%d", &x));
    printf(" value %d\n", x);
    while (fgetc(f) != EOF) {}
    printf("at eof: feof %d\n", feof(f) != 0);
    u = ungetc('!', f);
    printf("ungetc at eof -> '%c' feof %d\n", u, feof(f) != 0);
    c1 = fgetc(f);
    c2 = fgetc(f);
    printf("read back '%c' then %d\n", c1, c2);
    CHECK(fclose(f));
    /* sscanf-like parse with ungetc lookahead */
    put_file("n.txt", "12+34-5");
    f = fopen("n.txt", "r");
    long total = 0, sign = 1, num = 0;
    while ((c = fgetc(f)) != EOF) {
        if (c >= '0' && c <= '9') {
            num = 0;
            do { num = num * 10 + (c - '0'); } while ((c = fgetc(f)) >= '0' && c <= '9');
            if (c != EOF) ungetc(c, f);
            total += sign * num;
        } else sign = c == '-' ? -1 : 1;
    }
    printf("expression total %ld\n", total);
    fclose(f);
    return 0;
}
