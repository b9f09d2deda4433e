/* helper bin/exitwith CODE | bin/exitwith -s SIGNUM: exits with CODE, or
 * sends itself SIGNUM with the default action (killed by it). */
#include "../programs/proctest.h"

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "-s") == 0) {
        int s = atoi(argv[2]);
        signal(s, SIG_DFL);
        kill(getpid(), s);
        return 100; /* not reached when the signal kills */
    }
    return argc > 1 ? atoi(argv[1]) : 0;
}
