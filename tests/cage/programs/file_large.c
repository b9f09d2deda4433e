/* Large transfers: one 8 MiB write and read, checked byte for byte, then
 * the same data in odd-sized chunks. */
#include "testlib.h"

#define BIG (8u << 20)

int main(void) {
    unsigned char *buf = malloc(BIG), *back = malloc(BIG);
    if (!buf || !back) { printf("malloc failed\n"); return 1; }
    unsigned seed = 777;
    for (size_t i = 0; i < BIG; i += 4) {
        unsigned r = tl_rand(&seed);
        memcpy(buf + i, &r, 4);
    }
    int fd = CHECK_FD(open("big.bin", O_RDWR | O_CREAT | O_TRUNC, 0644));
    size_t off = 0;
    while (off < BIG) {
        ssize_t w = write(fd, buf + off, BIG - off);
        if (w <= 0) { printf("write failed %s\n", errname(errno)); return 1; }
        off += (size_t)w;
    }
    printf("wrote %zu\n", off);
    struct stat st;
    CHECK(fstat(fd, &st));
    printf("size %lld\n", (long long)st.st_size);
    CHECK(lseek(fd, 0, SEEK_SET));
    off = 0;
    ssize_t n;
    while ((n = read(fd, back + off, BIG - off)) > 0) off += (size_t)n;
    printf("read %zu same %d\n", off, memcmp(buf, back, BIG) == 0);
    CHECK(read(fd, back, 100));
    /* chunks of 1..65537 bytes */
    CHECK(lseek(fd, 0, SEEK_SET));
    memset(back, 0, BIG);
    off = 0;
    size_t chunk = 1;
    int reads = 0;
    while (off < BIG) {
        size_t want = chunk < BIG - off ? chunk : BIG - off;
        n = read(fd, back + off, want);
        if (n <= 0) break;
        off += (size_t)n;
        reads++;
        chunk = chunk * 3 % 65537 + 1;
    }
    printf("chunked read %zu in %d reads same %d fnv %08x\n", off, reads, memcmp(buf, back, BIG) == 0, fnv1a(back, BIG, FNV_INIT));
    /* overwrite the middle 1 MiB through pwrite, read it back */
    memset(buf + (3u << 20), 0xab, 1u << 20);
    CHECK(pwrite(fd, buf + (3u << 20), 1u << 20, 3u << 20));
    CHECK(pread(fd, back, BIG, 0));
    printf("after pwrite same %d\n", memcmp(buf, back, BIG) == 0);
    CHECK(close(fd));
    free(buf);
    free(back);
    return 0;
}
