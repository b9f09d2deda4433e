/* stdin from the runner (input/lines.txt) through read(2): odd-sized
 * reads, lseek on stdin (a redirected regular file: seekable), fstat. */
#include "testlib.h"

int main(void) {
    char buf[7];
    ssize_t n;
    size_t total = 0;
    unsigned h = FNV_INIT;
    int reads = 0;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        h = fnv1a(buf, (size_t)n, h);
        total += (size_t)n;
        reads++;
    }
    printf("read %zu bytes in %d reads, last %zd, fnv %08x\n", total, reads, n, h);
    struct stat st;
    CHECK(fstat(0, &st));
    printf("stdin is regular: %d, size matches: %d\n", S_ISREG(st.st_mode), (size_t)st.st_size == total);
    CHECK(lseek(0, 0, SEEK_CUR) == (off_t)total);
    CHECK(lseek(0, 5, SEEK_SET));
    n = read(0, buf, 6);
    printf("after seek: %zd \"%.*s\"\n", n, (int)n, buf);
    CHECK(write(0, "x", 1));
    return 0;
}
