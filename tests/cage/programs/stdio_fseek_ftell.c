/* fseek/ftell/rewind/fgetpos/fsetpos, seeking past EOF then writing
 * (the gap reads as zeros), fseeko/ftello. */
#include "testlib.h"

int main(void) {
    FILE *f = fopen("s.txt", "w+");
    if (!f) { printf("fopen failed %s\n", errname(errno)); return 1; }
    fputs("0123456789abcdef", f);
    printf("ftell after write: %ld\n", ftell(f));
    int r, c;
    long t;
    r = fseek(f, 4, SEEK_SET); t = ftell(f); c = fgetc(f);
    printf("fseek SET 4: %d ftell %ld fgetc '%c'\n", r, t, c);
    r = fseek(f, 2, SEEK_CUR); t = ftell(f); c = fgetc(f);
    printf("fseek CUR 2: %d ftell %ld fgetc '%c'\n", r, t, c);
    r = fseek(f, -1, SEEK_END); t = ftell(f); c = fgetc(f);
    printf("fseek END -1: %d ftell %ld fgetc '%c'\n", r, t, c);
    c = fgetc(f);
    printf("fgetc at end: %d feof %d\n", c, feof(f) != 0);
    r = fseek(f, 0, SEEK_SET);
    printf("fseek clears eof: %d feof %d\n", r, feof(f) != 0);
    errno = 0;
    r = fseek(f, -100, SEEK_SET);
    printf("fseek negative: %d %s ftell %ld\n", r, errname(errno), ftell(f));
    fpos_t pos;
    CHECK(fseek(f, 10, SEEK_SET));
    CHECK(fgetpos(f, &pos));
    fgetc(f); fgetc(f);
    CHECK(fsetpos(f, &pos));
    t = ftell(f);
    c = fgetc(f);
    printf("after fsetpos: ftell %ld fgetc '%c'\n", t, c);
    rewind(f);
    printf("after rewind: ftell %ld\n", ftell(f));
    CHECK(fseek(f, 20, SEEK_END));
    printf("ftell past end: %ld\n", ftell(f));
    fputs("XY", f);
    CHECK(fflush(f));
    printf("size: %lld\n", file_size("s.txt"));
    rewind(f);
    char buf[64];
    size_t n = fread(buf, 1, sizeof buf, f);
    printf("read %zu:", n);
    for (size_t i = 0; i < n; i++) printf(" %02x", (unsigned char)buf[i]);
    printf("\n");
    CHECK(fseeko(f, (off_t)3, SEEK_SET));
    printf("ftello %lld\n", (long long)ftello(f));
    CHECK(fclose(f));
    /* append stream: writes go to the end regardless of the position */
    f = fopen("s.txt", "a+");
    CHECK(fseek(f, 0, SEEK_SET));
    printf("a+ fgetc after seek: '%c'\n", fgetc(f));
    fputs("END", f);
    printf("a+ ftell after write: %ld\n", ftell(f));
    CHECK(fclose(f));
    printf("size now %lld\n", file_size("s.txt"));
    return 0;
}
