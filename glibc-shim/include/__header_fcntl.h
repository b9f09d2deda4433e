/* glibc-shim replacement for wasi-libc's <__header_fcntl.h> (same guard, so
 * wasi-libc's <fcntl.h> picks this one up first on the include path).
 *
 * O_* keep wasi-libc's values: objects kept from wasi-libc's libc.a (fopen,
 * fdopen, nftw, ...) were compiled with them, so cage code must use the same
 * numbering; open/openat/fcntl translate to Linux values (README, "Flag
 * translation"). Bits wasi-libc lacks are given values wasi-libc leaves
 * unused, most of them the Linux value itself.
 *
 * F_*, FD_CLOEXEC, F_*LCK and AT_* are Linux x86-64 values (no kept object
 * passes them, so no translation is needed). */
#ifndef __wasilibc___header_fcntl_h
#define __wasilibc___header_fcntl_h

#include <wasi/api.h>
#include <__seek.h>
#include <__mode_t.h>

#define O_APPEND __WASI_FDFLAGS_APPEND     /* 0x1 */
#define O_DSYNC __WASI_FDFLAGS_DSYNC       /* 0x2 */
#define O_NONBLOCK __WASI_FDFLAGS_NONBLOCK /* 0x4 */
#define O_RSYNC __WASI_FDFLAGS_RSYNC       /* 0x8 */
#define O_SYNC __WASI_FDFLAGS_SYNC         /* 0x10 */
#define O_CREAT (__WASI_OFLAGS_CREAT << 12)         /* 0x1000 */
#define O_DIRECTORY (__WASI_OFLAGS_DIRECTORY << 12) /* 0x2000 */
#define O_EXCL (__WASI_OFLAGS_EXCL << 12)           /* 0x4000 */
#define O_TRUNC (__WASI_OFLAGS_TRUNC << 12)         /* 0x8000 */
#define O_NOFOLLOW (0x01000000)
#define O_EXEC (0x02000000)
#define O_RDONLY (0x04000000)
#define O_SEARCH (0x08000000)
#define O_WRONLY (0x10000000)
#define O_RDWR (O_RDONLY | O_WRONLY)
#define O_ACCMODE (O_EXEC | O_RDWR | O_SEARCH)

/* Not in wasi-libc (or 0 there); passed to Linux as noted. */
#define O_NOCTTY (0x00000100)   /* Linux value */
#define O_NOATIME (0x00040000)  /* Linux value */
#define O_CLOEXEC (0x00080000)  /* Linux value */
#define O_PATH (0x00200000)     /* Linux value */
#define O_TMPFILE (0x00400000 | O_DIRECTORY) /* Linux __O_TMPFILE|O_DIRECTORY */
#define O_ASYNC (0x20000000)    /* -> Linux 0x2000 */
#define O_DIRECT (0x40000000)   /* -> Linux 0x4000 */
#define O_NDELAY O_NONBLOCK
#define O_LARGEFILE (0)         /* always on: off_t is 64-bit */
#define O_TTY_INIT (0)

#define POSIX_FADV_NORMAL 0
#define POSIX_FADV_RANDOM 1
#define POSIX_FADV_SEQUENTIAL 2
#define POSIX_FADV_WILLNEED 3
#define POSIX_FADV_DONTNEED 4
#define POSIX_FADV_NOREUSE 5

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_SETOWN 8
#define F_GETOWN 9
#define F_DUPFD_CLOEXEC 1030
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38

#define FD_CLOEXEC 1

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_EACCESS 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_NO_AUTOMOUNT 0x800
#define AT_EMPTY_PATH 0x1000

#endif
