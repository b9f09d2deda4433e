/* glibc-shim: wasi-libc's <fcntl.h> (with our <__header_fcntl.h>) plus
 * lockf's constants and open64 & co. */
#ifndef __LIND_FCNTL_H
#define __LIND_FCNTL_H
#include_next <fcntl.h>
#ifndef F_LOCK
#define F_ULOCK 0
#define F_LOCK 1
#define F_TLOCK 2
#define F_TEST 3
#endif
#if defined(_LARGEFILE64_SOURCE) || defined(_GNU_SOURCE)
#ifndef F_GETLK64
#define F_GETLK64 F_GETLK
#define F_SETLK64 F_SETLK
#define F_SETLKW64 F_SETLKW
#define flock64 flock
#endif
#endif
#endif
