/* glibc-shim replacement for wasi-libc's <__typedef_fd_set.h>: the Linux
 * bitmap (wasi-libc's fd_set is a list), so select(2) takes it unchanged. */
#ifndef __wasilibc___typedef_fd_set_h
#define __wasilibc___typedef_fd_set_h

#include <__macro_FD_SETSIZE.h>

typedef struct {
    unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(unsigned long))];
} fd_set;

#endif
