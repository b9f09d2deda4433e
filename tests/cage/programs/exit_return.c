/* Returning a value from main: status 3, buffered stdout flushed. */
#include "testlib.h"

int main(void) {
    printf("buffered line, no flush");
    printf(" ... returning 3\n");
    return 3;
}
