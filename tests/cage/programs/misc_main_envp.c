/* The three-argument main(argc, argv, envp) that Linux programs use:
 * envp is the environment (same as environ), argv as usual. */
#include "testlib.h"

extern char **environ;

int main(int argc, char **argv, char **envp) {
    int n = 0;
    while (envp[n]) n++;
    printf("argc %d envp count %d same as environ %d\n", argc, n, envp == environ);
    char **copy = malloc(sizeof(char *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) copy[i] = envp[i];
    qsort(copy, (size_t)n, sizeof *copy, tl_strcmp_p);
    for (int i = 0; i < n; i++) printf("envp: [%s]\n", copy[i]);
    free(copy);
    printf("argv[1] %s\n", argc > 1 ? argv[1] : "(none)");
    return n;
}
