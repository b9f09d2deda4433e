/* compose: a no-op grate for the composition tests in grates/compose/.
 * It registers no handler and interposes on nothing: it just execs its
 * arguments (the grates under test and the program) in its own cage, so
 * a test's chain is written entirely in its grate_args. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return fprintf(stderr, "usage: compose GRATE... PROGRAM [ARGS...]\n"), 2;
    execv(argv[1], &argv[1]);
    perror("compose: execv");
    return 127;
}
