/* glibc-shim: wasi-libc's <stdio.h> plus renameat2 (glibc declares it
 * here, under _GNU_SOURCE). */
#ifndef __LIND_STDIO_H
#define __LIND_STDIO_H
#include_next <stdio.h>
#if defined(_GNU_SOURCE)
#ifdef __cplusplus
extern "C" {
#endif
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#define RENAME_WHITEOUT (1 << 2)
int renameat2(int, const char *, int, const char *, unsigned int);
#ifdef __cplusplus
}
#endif
#endif
#endif
