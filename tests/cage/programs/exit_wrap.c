/* Exit statuses are taken modulo 256: exit(300) gives 44. Also
 * _Exit and quick_exit/at_quick_exit. */
#include "testlib.h"

static void qh(void) { printf("quick_exit handler\n"); fflush(stdout); }

int main(void) {
    printf("exit(300) expected status 44\n");
    fflush(stdout);
    at_quick_exit(qh);
    if (getenv("NEVER_SET")) quick_exit(1);
    exit(300);
}
