/* fread/fwrite of records, short reads at EOF, feof/ferror/clearerr,
 * large fwrite, fileno. */
#include "testlib.h"
#include <stdint.h>

struct rec { int32_t id; char name[12]; double v; };

int main(void) {
    FILE *f = CHECK_PTR(fopen("recs.bin", "w+b"));
    struct rec r[10];
    memset(r, 0, sizeof r);
    for (int i = 0; i < 10; i++) {
        r[i].id = i * 7;
        snprintf(r[i].name, sizeof r[i].name, "rec%d", i);
        r[i].v = i / 4.0;
    }
    printf("fwrite -> %zu\n", fwrite(r, sizeof r[0], 10, f));
    printf("ftell -> %ld (recsize %zu)\n", ftell(f), sizeof r[0]);
    rewind(f);
    struct rec in[4];
    size_t n;
    int total = 0;
    while ((n = fread(in, sizeof in[0], 4, f)) > 0) {
        for (size_t i = 0; i < n; i++) printf("  %d %s %.2f\n", in[i].id, in[i].name, in[i].v);
        printf("batch %zu feof %d\n", n, feof(f) != 0);
        total += (int)n;
    }
    int eo = feof(f) != 0, er = ferror(f) != 0;
    printf("total %d feof %d ferror %d\n", total, eo, er);
    clearerr(f);
    printf("after clearerr feof %d\n", feof(f) != 0);
    /* partial record at the end */
    CHECK(fseek(f, -3, SEEK_END));
    n = fread(in, sizeof in[0], 1, f);
    printf("partial fread -> %zu feof %d\n", n, feof(f) != 0);
    CHECK(fseek(f, 0, SEEK_SET));
    char c3[3];
    n = fread(c3, 1, 3, f);
    printf("bytes fread -> %zu\n", n);
    n = fread(c3, 0, 3, f);
    printf("size 0 fread -> %zu\n", n);
    n = fwrite(c3, 3, 0, f);
    printf("count 0 fwrite -> %zu\n", n);
    CHECK(fclose(f));

    /* 3 MiB through fwrite in uneven pieces, read back with fread */
    size_t big = 3u << 20;
    unsigned char *buf = malloc(big);
    unsigned seed = 12345;
    for (size_t i = 0; i < big; i++) buf[i] = (unsigned char)(i * 31 + (i >> 9));
    f = CHECK_PTR(fopen("big.bin", "wb"));
    size_t off = 0;
    while (off < big) {
        size_t chunk = 1 + tl_rand(&seed) % 70000;
        if (chunk > big - off) chunk = big - off;
        if (fwrite(buf + off, 1, chunk, f) != chunk) { printf("short fwrite\n"); break; }
        off += chunk;
    }
    CHECK(fclose(f));
    printf("size %lld\n", file_size("big.bin"));
    unsigned char *back = malloc(big + 10);
    f = CHECK_PTR(fopen("big.bin", "rb"));
    n = fread(back, 1, big + 10, f);
    printf("fread big -> %zu same %d fnv %08x\n", n, memcmp(buf, back, big) == 0, fnv1a(back, n, FNV_INIT));
    CHECK(fclose(f));
    free(buf);
    free(back);
    return 0;
}
