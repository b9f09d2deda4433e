/* getrandom/getentropy: lengths and flags (never the content), errors. */
#include "testlib.h"
#include <sys/random.h>

int main(void) {
    unsigned char buf[4096];
    memset(buf, 0, sizeof buf);
    CHECK(getrandom(buf, 0, 0));
    CHECK(getrandom(buf, 16, 0));
    CHECK(getrandom(buf, 256, GRND_NONBLOCK));
    CHECK(getrandom(buf, sizeof buf, 0));
    int nonzero = 0;
    for (int i = 0; i < 4096; i++) nonzero += buf[i] != 0;
    printf("mostly nonzero: %d\n", nonzero > 3900);
    unsigned char a[32], b[32];
    getrandom(a, 32, 0);
    getrandom(b, 32, 0);
    printf("two draws differ: %d\n", memcmp(a, b, 32) != 0);
    CHECK(getrandom(buf, 16, 0x4000));
    CHECK(getrandom(buf, 16, GRND_RANDOM | GRND_NONBLOCK) >= 0 || errno == EAGAIN);
    CHECK(getentropy(buf, 256));
    CHECK(getentropy(buf, 257));
    CHECK(getentropy(buf, 0));
    unsigned char *big = malloc(1 << 20);
    size_t got = 0;
    while (got < (1u << 20)) {
        ssize_t n = getrandom(big + got, (1u << 20) - got, 0);
        if (n <= 0) { printf("getrandom big failed %s\n", errname(errno)); break; }
        got += (size_t)n;
    }
    printf("1 MiB collected: %zu\n", got);
    free(big);
    return 0;
}
