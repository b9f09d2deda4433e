/* freopen: reopen a stream on another file (wasi-libc's freopen keeps the
 * fd number with dup3), on a missing file, and freopen(NULL) mode change. */
#include "testlib.h"

int main(void) {
    put_file("one.txt", "first file\n");
    put_file("two.txt", "second file\n");
    FILE *h = CHECK_PTR(fopen("one.txt", "r"));
    if (!h) return 1;
    int fd = fileno(h);
    char buf[32];
    printf("read: %s", fgets(buf, sizeof buf, h));
    h = CHECK_PTR(freopen("two.txt", "r", h));
    if (!h) return 2;
    printf("same fd after freopen %d\n", fileno(h) == fd);
    printf("read: %s", fgets(buf, sizeof buf, h));
    h = CHECK_PTR(freopen("two.txt", "a", h));
    if (!h) return 3;
    fputs("appended\n", h);
    CHECK(fclose(h));
    show_file("two.txt");
    h = CHECK_PTR(fopen("one.txt", "r"));
    h = CHECK_PTR(freopen("missing.txt", "r", h));
    return 0;
}
