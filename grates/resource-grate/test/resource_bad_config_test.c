/* Run under resource-grate with a malformed config: the grate must refuse
 * to start (status 1, the line reported on stderr), so this never prints. */
#include <stdio.h>

int main(void) {
    printf("the program ran\n");
    return 0;
}
