/* argv from the runner (see tests.list): count, each argument after
 * argv[0] byte for byte, argv[argc] == NULL; exit status = argc. */
#include "testlib.h"

int main(int argc, char **argv) {
    printf("argc %d\n", argc);
    printf("argv[0] nonempty %d\n", argv[0] != NULL && argv[0][0] != 0);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d] len %zu [", i, strlen(argv[i]));
        for (const unsigned char *c = (const unsigned char *)argv[i]; *c; c++)
            if (*c < 32 || *c >= 127) printf("\\x%02x", *c); else putchar(*c);
        printf("]\n");
    }
    printf("argv[argc] is NULL %d\n", argv[argc] == NULL);
    return argc;
}
