/* main with the environment as a third argument (common in Unix programs). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv, char **envp) {
    int n = 0;
    for (char **e = envp; *e; ++e)
        if (strcmp(*e, "LIND_ENVP_TEST=yes") == 0) ++n;
    printf("argc %d, LIND_ENVP_TEST found %d time(s)\n", argc, n);
    return n == 1 ? 0 : 1;
}
