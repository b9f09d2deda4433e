/* For a main that is neither main(void) nor main(argc, argv) — in practice
 * main(argc, argv, envp): clang names main(argc, argv) __main_argc_argv
 * itself, so this object is linked only for the other forms. Replaces
 * wasi-libc's __main_argc_argv.o, which called main with two arguments
 * (a signature mismatch, hence a trap, for main(argc, argv, envp)). */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp);

__attribute__((weak)) int __main_argc_argv(int argc, char **argv) {
    return main(argc, argv, environ);
}
