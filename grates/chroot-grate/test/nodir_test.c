/* Never runs: chroot-grate refuses a --chroot-dir that is not a directory
 * (exit 2, message on stderr). Without the check this would print. */
#include <stdio.h>
int main(void) {
    puts("ran without a chroot");
    return 0;
}
