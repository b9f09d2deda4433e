/* glibc-shim: wasi-libc's <stdlib.h> plus the wait-status macros, temporary
 * files and realpath. */
#ifndef __LIND_STDLIB_H
#define __LIND_STDLIB_H
#include_next <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef WEXITSTATUS
#define WNOHANG 1
#define WUNTRACED 2
#define WEXITSTATUS(s) (((s)&0xff00) >> 8)
#define WTERMSIG(s) ((s)&0x7f)
#define WSTOPSIG(s) WEXITSTATUS(s)
#define WIFEXITED(s) (!WTERMSIG(s))
#define WIFSTOPPED(s) ((short)((((s)&0xffff) * 0x10001U) >> 8) > 0x7f00)
#define WIFSIGNALED(s) (((s)&0xffff) - 1U < 0xffu)
#endif

int mkstemp(char *);
int mkostemp(char *, int);
int mkstemps(char *, int);
int mkostemps(char *, int, int);
char *mkdtemp(char *);
char *mktemp(char *);
char *realpath(const char *__restrict, char *__restrict);

#ifdef __cplusplus
}
#endif

#endif
