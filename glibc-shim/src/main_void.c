/* argv for main(argc, argv), through LIND_SYS_args_sizes/args_get
 * (2001/2002). Weak, in its own object: a program whose main takes no
 * arguments defines __main_void itself. Replaces __main_void.o. */
#include <stdlib.h>

#include "internal.h"

int __main_argc_argv(int argc, char **argv);

#define EX_OSERR 71

__attribute__((weak)) int __main_void(void) {
    uint32_t argc = 0, size = 0;
    if (__lind_is_err(SC2(LIND_SYS_args_sizes, LA_P(&argc), LA_P(&size)))) _Exit(EX_OSERR);
    char **argv = calloc((size_t)argc + 1, sizeof(char *));
    char *buf = malloc(size ? size : 1);
    if (!argv || !buf) _Exit(EX_OSERR);
    /* argv[i] are filled with addresses inside buf (WASI's convention). */
    if (argc && __lind_is_err(SC2(LIND_SYS_args_get, LA_P(argv), LA_P(buf)))) _Exit(EX_OSERR);
    argv[argc] = 0;
    return __main_argc_argv((int)argc, argv);
}
