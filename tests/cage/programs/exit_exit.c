/* exit(42) from a nested call: atexit not registered, stdout flushed,
 * files written through stdio flushed too. */
#include "testlib.h"

static void deep(int n) {
    if (n == 0) {
        FILE *f = fopen("unflushed.txt", "w");
        fputs("written by exit's flush", f);
        printf("exiting from depth 5\n");
        exit(42);
    }
    deep(n - 1);
    printf("never printed\n");
}

int main(void) {
    deep(5);
    return 0;
}
