/* Anonymous private mmap: zero-filled, writable, munmap, mmap again after
 * munmap, partial munmap, mprotect, errors (length 0, bad flags). */
#include "testlib.h"
#include <sys/mman.h>

#define CHECK_MMAP(call)                                                        \
    ({                                                                          \
        errno = 0;                                                              \
        void *tl_m_ = (call);                                                   \
        if (tl_m_ == MAP_FAILED) printf("%s = MAP_FAILED %s\n", #call, errname(errno)); \
        else printf("%s = ok\n", #call);                                        \
        tl_m_;                                                                  \
    })

int main(void) {
    long pg = sysconf(_SC_PAGESIZE);
    printf("page size is a power of two >= 4096: %d\n", pg >= 4096 && (pg & (pg - 1)) == 0);
    size_t len = 4u << 20;
    unsigned char *p = CHECK_MMAP(mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (p == MAP_FAILED) return 1;
    printf("page aligned %d\n", ((unsigned long)p % (unsigned long)pg) == 0);
    size_t zeros = 0;
    for (size_t i = 0; i < len; i += 512) zeros += p[i] == 0;
    printf("zero filled %d\n", zeros == len / 512);
    for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(i * 7);
    unsigned h = fnv1a(p, len, FNV_INIT);
    printf("fnv %08x\n", h);
    CHECK(munmap(p + len / 2, len / 2));
    printf("first half intact %d\n", p[100] == (unsigned char)700 && p[len / 2 - 1] == (unsigned char)((len / 2 - 1) * 7));
    CHECK(munmap(p, len / 2));
    unsigned char *q = CHECK_MMAP(mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (q != MAP_FAILED) {
        zeros = 0;
        for (size_t i = 0; i < len; i += 512) zeros += q[i] == 0;
        printf("new mapping zero filled %d\n", zeros == len / 512);
        q[len - 1] = 1;
        CHECK(mprotect(q, (size_t)pg, PROT_READ));
        CHECK(mprotect(q, (size_t)pg, PROT_READ | PROT_WRITE));
        q[0] = 5;
        CHECK(munmap(q, len));
    }
    /* many small mappings */
    void *maps[64];
    int ok = 0;
    for (int i = 0; i < 64; i++) {
        maps[i] = mmap(NULL, (size_t)(i + 1) * 1000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (maps[i] != MAP_FAILED) { memset(maps[i], i, (size_t)(i + 1) * 1000); ok++; }
    }
    int good = 0;
    for (int i = 0; i < 64; i++)
        if (maps[i] != MAP_FAILED) {
            unsigned char *m = maps[i];
            good += m[0] == i && m[(i + 1) * 1000 - 1] == i;
            munmap(maps[i], (size_t)(i + 1) * 1000);
        }
    printf("small mappings %d ok, %d intact\n", ok, good);
    CHECK_MMAP(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    CHECK_MMAP(mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0));
    CHECK_MMAP(mmap(NULL, (size_t)-1 - 0xffff, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    CHECK(munmap((void *)(unsigned long)(pg + 1), (size_t)pg));
    CHECK(munmap(NULL, 0));
    return 0;
}
