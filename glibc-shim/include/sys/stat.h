/* glibc-shim: wasi-libc's <sys/stat.h> (Linux S_IF* and UTIME_* via our
 * <__mode_t.h>/<__header_sys_stat.h>) plus chmod, umask, mkfifo, mknod. */
#ifndef __LIND_SYS_STAT_H
#define __LIND_SYS_STAT_H
#include_next <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif

int chmod(const char *, mode_t);
int fchmod(int, mode_t);
int fchmodat(int, const char *, mode_t, int);
mode_t umask(mode_t);
int mkfifo(const char *, mode_t);
int mkfifoat(int, const char *, mode_t);
int mknod(const char *, mode_t, dev_t);
int mknodat(int, const char *, mode_t, dev_t);

#ifdef __cplusplus
}
#endif

#endif
