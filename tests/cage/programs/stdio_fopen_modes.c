/* fopen modes r w a r+ w+ a+ and x; what each allows; errors. */
#include "testlib.h"

static void dump(const char *p) { show_file(p); }

int main(void) {
    FILE *f;
    f = CHECK_PTR(fopen("missing.txt", "r"));
    f = CHECK_PTR(fopen("missing.txt", "r+"));
    f = CHECK_PTR(fopen("nodir/x.txt", "w"));

    f = CHECK_PTR(fopen("f.txt", "w"));
    fputs("hello\n", f);
    int c0 = fgetc(f);
    printf("fgetc on w stream: %d\n", c0);
    CHECK(fclose(f));
    dump("f.txt");

    f = CHECK_PTR(fopen("f.txt", "a"));
    fputs("appended\n", f);
    CHECK(fclose(f));
    dump("f.txt");

    f = CHECK_PTR(fopen("f.txt", "r"));
    char buf[64];
    printf("fgets: %s", fgets(buf, sizeof buf, f));
    int r0 = fputs("no", f);
    printf("fputs on r stream: %s\n", r0 == EOF ? "EOF" : "ok");
    CHECK(fclose(f));

    f = CHECK_PTR(fopen("f.txt", "r+"));
    fputs("HE", f);
    CHECK(fseek(f, 0, SEEK_CUR));
    printf("r+ then read: %s", fgets(buf, sizeof buf, f));
    CHECK(fclose(f));
    dump("f.txt");

    f = CHECK_PTR(fopen("f.txt", "w+"));
    printf("w+ truncated, first read: %d\n", fgetc(f));
    fputs("new content", f);
    rewind(f);
    printf("w+ read back: %s\n", fgets(buf, sizeof buf, f));
    CHECK(fclose(f));

    f = CHECK_PTR(fopen("f.txt", "a+"));
    printf("a+ reads from start: %s\n", fgets(buf, sizeof buf, f));
    CHECK(fseek(f, 0, SEEK_SET));
    fputs("+tail", f);
    CHECK(fclose(f));
    dump("f.txt");

    f = CHECK_PTR(fopen("f.txt", "wx"));
    f = CHECK_PTR(fopen("g.txt", "wx"));
    fputs("exclusive", f);
    CHECK(fclose(f));
    dump("g.txt");

    f = CHECK_PTR(fopen("bin.dat", "wb"));
    unsigned char bytes[4] = {0, 1, 0xfe, '\n'};
    printf("fwrite -> %zu\n", fwrite(bytes, 1, 4, f));
    CHECK(fclose(f));
    f = CHECK_PTR(fopen("bin.dat", "rb"));
    memset(bytes, 0, 4);
    size_t got = fread(bytes, 1, 8, f);
    printf("fread -> %zu: %d %d %d %d\n", got, bytes[0], bytes[1], bytes[2], bytes[3]);
    CHECK(fclose(f));

    CHECK(mkdir("d", 0755));
    f = CHECK_PTR(fopen("d", "w"));
    f = CHECK_PTR(fopen("d", "r"));
    if (f) {
        errno = 0;
        int c = fgetc(f);
        printf("fgetc on dir: %d %s\n", c, errname(errno));
        fclose(f);
    }
    struct stat st;
    CHECK(stat("f.txt", &st));
    printf("mode %o\n", st.st_mode & 0777);
    return 0;
}
