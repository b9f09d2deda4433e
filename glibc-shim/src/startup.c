/* Start-up: the environment, fetched through LIND_SYS_environ_sizes/_get
 * (2003/2004), lazily as wasi-libc does (getenv calls
 * __wasilibc_ensure_environ) or eagerly by environ.o's constructor when the
 * program names `environ`. Replaces __wasilibc_initialize_environ.o. */
#include <stdlib.h>

#include "internal.h"

/* Used when environ.o (which defines it strongly, with a constructor that
 * fills it eagerly) is not linked; -1 means "not fetched yet". */
__attribute__((weak)) char **__wasilibc_environ = (char **)-1;

static char *empty_environ[1];

#define EX_OSERR 71

void __wasilibc_initialize_environ(void) {
    uint32_t count = 0, size = 0;
    if (__lind_is_err(SC2(LIND_SYS_environ_sizes, LA_P(&count), LA_P(&size)))) _Exit(EX_OSERR);
    if (count == 0) {
        __wasilibc_environ = empty_environ;
        return;
    }
    char **env = calloc((size_t)count + 1, sizeof(char *));
    char *buf = malloc(size ? size : 1);
    if (!env || !buf) _Exit(EX_OSERR);
    /* envp[i] are filled with addresses inside buf (WASI's convention). */
    if (__lind_is_err(SC2(LIND_SYS_environ_get, LA_P(env), LA_P(buf)))) _Exit(EX_OSERR);
    env[count] = 0;
    __wasilibc_environ = env;
}

void __wasilibc_ensure_environ(void) {
    if (__wasilibc_environ == (char **)-1) __wasilibc_initialize_environ();
}

void __wasilibc_deinitialize_environ(void) {
    __wasilibc_environ = (char **)-1;
}

/* environ.o's strong definition re-fetches eagerly; without it, nothing. */
__attribute__((weak)) void __wasilibc_maybe_reinitialize_environ_eagerly(void) {}
