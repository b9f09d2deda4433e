/* mmap (9), munmap (11), mprotect (10), inside the cage's linear memory.
 * The result of mmap is the mapping's offset in linear memory. */
#include <sys/mman.h>

#include "internal.h"

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
    int64_t r = SC6(LIND_SYS_mmap, LA_P(addr), LA_U(len), LA_I(prot), LA_I(flags), LA_I(fd), LA_I(off));
    if (__lind_is_err(r)) {
        __lind_ret(r);
        return MAP_FAILED;
    }
    return (void *)(uintptr_t)r;
}

int munmap(void *addr, size_t len) {
    return (int)__lind_ret(SC2(LIND_SYS_munmap, LA_P(addr), LA_U(len)));
}

int mprotect(void *addr, size_t len, int prot) {
    return (int)__lind_ret(SC3(LIND_SYS_mprotect, LA_P(addr), LA_U(len), LA_I(prot)));
}

/* Advice only: accepted and ignored (Linux may ignore it too). */
int madvise(void *addr, size_t len, int advice) {
    (void)addr, (void)len, (void)advice;
    return 0;
}

int posix_madvise(void *addr, size_t len, int advice) {
    (void)addr, (void)len, (void)advice;
    return 0;
}
