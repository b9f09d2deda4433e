/* Cage 1 itself killed by a signal's default action: lind-boot must exit
 * with 128 + N, as a shell reports a native program killed by signal N
 * (here SIGTERM: 143). Output flushed before the signal is kept; stdio
 * buffers not yet flushed and atexit handlers are lost, as with any death
 * by signal. */
#include "proctest.h"

static void at_exit(void) { say("atexit handler: NOT expected\n"); }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    CHECK(atexit(at_exit));
    say("flushed before the signal\n");
    printf("buffered, never flushed: lost\n");
    kill(getpid(), SIGTERM);
    say("NOT reached\n");
    return 0;
}
