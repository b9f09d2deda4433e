/* Process exit: exit_group (231). exit() itself is wasi-libc's (atexit
 * handlers, stdio flush), which ends in _Exit. */
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

_Noreturn void _Exit(int status) {
    SC1(LIND_SYS_exit_group, LA_I(status));
    /* exit_group never returns; if it does, the runtime is broken. */
    __builtin_trap();
}

_Noreturn void _exit(int status) __attribute__((alias("_Exit")));
