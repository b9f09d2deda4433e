/* glibc-shim: wasi-libc's <limits.h> plus what it leaves out because WASI
 * has no pipes: PIPE_BUF, with Linux's value (writes up to it are atomic on
 * a pipe, as the host pipe behind a cage's pipe guarantees); and because
 * WASI has no semaphores: SEM_VALUE_MAX, glibc's (src/semaphore.c). */
#ifndef __LIND_LIMITS_H
#define __LIND_LIMITS_H

#include_next <limits.h>

#if defined(_POSIX_SOURCE) || defined(_POSIX_C_SOURCE) || defined(_XOPEN_SOURCE) || \
    defined(_GNU_SOURCE) || defined(_BSD_SOURCE)
#ifndef PIPE_BUF
#define PIPE_BUF 4096
#endif
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX 0x7fffffff
#endif
#endif

#endif /* __LIND_LIMITS_H */
