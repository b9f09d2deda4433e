/* strerror and strsignal with the host C library's message text (generated
 * at build time by gen/gen_messages.c), keyed by the Linux number.
 * Replaces wasi-libc's strerror.o; its strerror_r, perror and printf's %m
 * call strerror and so print the same text. */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "lind_messages.h" /* generated */

static char unknown_buf[32];

char *strerror(int e) {
    if (e == 0) return (char *)lind_errmsg[0];
    if (e == ENOTCAPABLE) return (char *)"Capabilities insufficient";
    int l = __lind_errno_to_linux(e);
    if (l > 0 && l < LIND_N_ERRMSG && lind_errmsg[l]) return (char *)lind_errmsg[l];
    snprintf(unknown_buf, sizeof unknown_buf, "Unknown error %d", e >= 1000 ? e - 1000 : e);
    return unknown_buf;
}

char *strerror_l(int e, locale_t loc) {
    (void)loc;
    return strerror(e);
}
char *__strerror_l(int, locale_t) __attribute__((alias("strerror_l")));

static char unknown_sig[32];

char *strsignal(int sig) {
    if (sig >= 0 && sig < LIND_N_SIGMSG && lind_sigmsg[sig]) return (char *)lind_sigmsg[sig];
    snprintf(unknown_sig, sizeof unknown_sig, "Unknown signal %d", sig);
    return unknown_sig;
}

void psignal(int sig, const char *s) {
    if (s && *s) fprintf(stderr, "%s: %s\n", s, strsignal(sig));
    else fprintf(stderr, "%s\n", strsignal(sig));
}
