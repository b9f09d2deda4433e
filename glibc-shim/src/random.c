/* getrandom (318) and getentropy. */
#include <sys/random.h>
#include <unistd.h>

#include "internal.h"

ssize_t getrandom(void *buf, size_t len, unsigned flags) {
    return __lind_ret(SC3(LIND_SYS_getrandom, LA_P(buf), LA_U(len), LA_U(flags)));
}

int getentropy(void *buf, size_t len) {
    if (len > 256) return (int)__lind_fail(EIO);
    unsigned char *p = buf;
    while (len) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
int __getentropy(void *, size_t) __attribute__((alias("getentropy")));
