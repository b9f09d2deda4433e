/* glibc-shim replacement for wasi-libc's <__fd_set.h>: bitmap macros. */
#ifndef __wasilibc___fd_set_h
#define __wasilibc___fd_set_h

#include <__typedef_fd_set.h>

typedef unsigned long fd_mask;
#define NFDBITS (8 * (int)sizeof(unsigned long))

#define __LIND_NFDBITS (8 * (int)sizeof(unsigned long))
#define FD_ZERO(s) __builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(d, s) \
    ((s)->fds_bits[(d) / __LIND_NFDBITS] |= (1UL << ((d) % __LIND_NFDBITS)))
#define FD_CLR(d, s) \
    ((s)->fds_bits[(d) / __LIND_NFDBITS] &= ~(1UL << ((d) % __LIND_NFDBITS)))
#define FD_ISSET(d, s) \
    (!!((s)->fds_bits[(d) / __LIND_NFDBITS] & (1UL << ((d) % __LIND_NFDBITS))))
#define FD_COPY(from, to) __builtin_memcpy((to), (from), sizeof(fd_set))

#endif
