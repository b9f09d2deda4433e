/* malloc of large blocks (six 8 MiB ones), realloc growth keeping
 * contents, calloc zeroing, posix_memalign/aligned_alloc alignment,
 * many small allocations, failure of an impossible size. */
#include "testlib.h"
#include <stdint.h>

int main(void) {
    enum { N = 6 };
    unsigned char *b[N];
    size_t sz = 8u << 20;
    int ok = 0;
    for (int i = 0; i < N; i++) {
        b[i] = malloc(sz);
        if (!b[i]) continue;
        ok++;
        /* touch one byte per 4 KiB (whole-block memsets are slow in an
         * interpreter and prove nothing more) */
        for (size_t k = 0; k < sz; k += 4096) b[i][k] = (unsigned char)(0x11 * (i + 1) + k / 4096);
        b[i][sz - 1] = (unsigned char)(0x11 * (i + 1));
    }
    printf("%d x 8 MiB allocated\n", ok);
    int intact = 0;
    for (int i = 0; i < N; i++) {
        if (!b[i]) continue;
        int good = b[i][sz - 1] == (unsigned char)(0x11 * (i + 1));
        for (size_t k = 0; k < sz; k += 4096) good &= b[i][k] == (unsigned char)(0x11 * (i + 1) + k / 4096);
        intact += good;
    }
    printf("%d intact\n", intact);
    for (int i = 0; i < N; i += 2) free(b[i]);
    unsigned char *r = malloc(10);
    memcpy(r, "0123456789", 10);
    for (size_t s = 100; s <= (8u << 20); s *= 4) {
        r = realloc(r, s);
        if (!r) { printf("realloc %zu failed\n", s); return 1; }
        r[s - 1] = 'z';
    }
    printf("realloc kept prefix %d\n", memcmp(r, "0123456789", 10) == 0);
    r = realloc(r, 5);
    printf("shrink kept prefix %d\n", memcmp(r, "01234", 5) == 0);
    free(r);
    unsigned char *c = calloc(1u << 20, 4);
    size_t nz = 0;
    for (size_t i = 0; i < (4u << 20); i++) nz += c[i] != 0;
    printf("calloc zero %d\n", nz == 0);
    free(c);
    void *al = NULL;
    CHECK_ERRNUM(posix_memalign(&al, 4096, 10000));
    printf("aligned 4096 %d\n", ((uintptr_t)al & 4095) == 0);
    free(al);
    CHECK_ERRNUM(posix_memalign(&al, 3, 16));
    void *aa = aligned_alloc(64, 640);
    printf("aligned_alloc 64 %d\n", aa && ((uintptr_t)aa & 63) == 0);
    free(aa);
    void *small[10000];
    for (int i = 0; i < 10000; i++) { small[i] = malloc((size_t)(i % 97) + 1); memset(small[i], i & 0xff, (size_t)(i % 97) + 1); }
    int sgood = 0;
    for (int i = 0; i < 10000; i++) { sgood += ((unsigned char *)small[i])[0] == (i & 0xff); free(small[i]); }
    printf("small allocations intact %d\n", sgood);
    /* (errno is not printed: clang assumes malloc leaves errno alone) */
    volatile size_t hs = SIZE_MAX / 2, n8 = SIZE_MAX / 8;
    void *volatile huge = malloc(hs);
    printf("malloc(SIZE_MAX/2) %s\n", huge ? "ok?" : "NULL");
    void *volatile ov = calloc(n8, 16);
    printf("calloc overflow %s\n", ov ? "ok?" : "NULL");
    for (int i = 1; i < N; i += 2) free(b[i]);
    return 0;
}
