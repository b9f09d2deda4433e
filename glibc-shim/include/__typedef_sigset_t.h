/* glibc-shim replacement for wasi-libc's placeholder sigset_t (a char).
 * 128 bytes like glibc's; the kernel sees the first 8 (signals 1..64, bit
 * n-1 for signal n, little-endian), passed with sigsetsize 8. */
#ifndef __wasilibc___typedef_sigset_t_h
#define __wasilibc___typedef_sigset_t_h
typedef struct {
    unsigned long __bits[128 / sizeof(long)];
} sigset_t;
#endif
