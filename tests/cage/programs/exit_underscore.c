/* _exit skips atexit handlers and does not flush stdio buffers; an atexit
 * handler that calls _exit sets the final status. */
#include "testlib.h"

static void never(void) { printf("NEVER: atexit ran after _exit\n"); }
static void flushing_exit(void) {
    printf("handler: flushed before _exit(9)\n");
    fflush(stdout);
    printf("handler: this unflushed line is lost\n");
    _exit(9);
}

int main(int argc, char **argv) {
    (void)argv;
    printf("flushed line\n");
    fflush(stdout);
    if (argc > 5) {
        atexit(never);
        printf("lost");
        _exit(1);
    }
    atexit(flushing_exit);
    printf("main: exit(0), but the handler will _exit(9)\n");
    exit(0);
}
