/* setvbuf modes on a file stream: when do bytes reach the file?
 * (checked with stat from outside the stream), fflush, fflush(NULL). */
#include "testlib.h"

static void sz(const char *what) { printf("%-28s size %lld\n", what, file_size("v.txt")); }

int main(void) {
    FILE *f = fopen("v.txt", "w");
    static char fb[256]; /* glibc writes straight through buffers < 128 */
    CHECK(setvbuf(f, fb, _IOFBF, sizeof fb));
    fputs("0123456789", f);
    sz("full, 10 bytes buffered:");
    fputs("\n", f);
    sz("full, newline:");
    CHECK(fflush(f));
    sz("full, after fflush:");
    CHECK(fclose(f));

    f = fopen("v.txt", "w");
    CHECK(setvbuf(f, NULL, _IOLBF, 128));
    fputs("abc", f);
    sz("line, no newline:");
    fputs("def\nghi", f);
    sz("line, after newline:");
    CHECK(fflush(NULL));
    sz("line, after fflush(NULL):");
    CHECK(fclose(f));

    f = fopen("v.txt", "w");
    CHECK(setvbuf(f, NULL, _IONBF, 0));
    fputs("x", f);
    sz("unbuffered, 1 byte:");
    fprintf(f, "%d", 12345);
    sz("unbuffered, printf:");
    CHECK(fclose(f));

    /* default buffering on a file: nothing written until flush */
    f = fopen("v.txt", "w");
    fputs("buffered by default", f);
    sz("default, small write:");
    CHECK(fclose(f));
    sz("default, after fclose:");

    /* stdout in unbuffered mode mixed with write(2): order preserved
     * (flushed first: setvbuf on a stream holding data is undefined) */
    fflush(stdout);
    CHECK(setvbuf(stdout, NULL, _IONBF, 0));
    printf("printf-1 ");
    write(1, "write-2 ", 8);
    printf("printf-3\n");
    return 0;
}
