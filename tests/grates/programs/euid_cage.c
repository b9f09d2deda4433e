/* euid_cage: prints what geteuid returns (FAKE_EUID under euid_grate) and
 * whether getpid is the real one (not 99). Exits 0. */
#include "gratetest.h"

int main(void) {
    say("cage: geteuid %d\n", (int)geteuid());
    say("cage: getpid is the real one: %s\n", yn(getpid() != 99 && getpid() > 0));
    return 0;
}
