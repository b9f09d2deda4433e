/* glibc-shim: wasi-libc's <unistd.h> plus the POSIX calls it leaves out
 * (processes, ids, dup, pipe, chown, ...), all implemented over lind
 * syscalls. */
#ifndef __LIND_UNISTD_H
#define __LIND_UNISTD_H

/* getpid is real here: no "emulated" deprecation warning. */
#ifndef _WASI_EMULATED_GETPID
#define _WASI_EMULATED_GETPID
#define __LIND_UNDEF_EMULATED_GETPID
#endif
#include_next <unistd.h>
#ifdef __LIND_UNDEF_EMULATED_GETPID
#undef _WASI_EMULATED_GETPID
#undef __LIND_UNDEF_EMULATED_GETPID
#endif

/* wasi-libc turns lseek(fd, 0, SEEK_CUR) into a call that avoids a WASI
 * import; here both are the same syscall, so keep lseek a function. */
#undef lseek

#ifdef __cplusplus
extern "C" {
#endif

int pipe(int[2]);
int pipe2(int[2], int);
int dup(int);
int dup2(int, int);
int dup3(int, int, int);

int chown(const char *, uid_t, gid_t);
int fchown(int, uid_t, gid_t);
int lchown(const char *, uid_t, gid_t);
int fchownat(int, const char *, uid_t, gid_t, int);

int fchdir(int);
unsigned alarm(unsigned);
int pause(void);

pid_t fork(void);
pid_t vfork(void);
int execve(const char *, char *const[], char *const[]);
int execv(const char *, char *const[]);
int execle(const char *, const char *, ...);
int execl(const char *, const char *, ...);
int execvp(const char *, char *const[]);
int execlp(const char *, const char *, ...);
int execvpe(const char *, char *const[], char *const[]);

pid_t getppid(void);
pid_t getpgrp(void);
pid_t getpgid(pid_t);
int setpgid(pid_t, pid_t);
pid_t setsid(void);
pid_t getsid(pid_t);
pid_t setpgrp(void);

uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);

int brk(void *);
int getpagesize(void);
int lockf(int, int, off_t);

#ifdef _GNU_SOURCE
char *get_current_dir_name(void);
#endif

#ifdef __cplusplus
}
#endif

#endif
