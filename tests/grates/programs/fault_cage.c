/* fault_cage: under fault_grate (geteuid: a trapping handler; getegid: a
 * stack-hungry handler returning 4343; getuid: a mistyped function;
 * getgid: an empty table index). Each failing call returns -1 with an
 * errno (lind-boot: EIO) and the grate keeps serving: 3000 trapping calls
 * in a row (which would exhaust the grate's shadow stack if a trap leaked
 * its frame) and getegid still right after each. */
#include "gratetest.h"

int main(void) {
    say("cage: getegid %d\n", (int)getegid());
    errno = 0;
    say("cage: geteuid (trapping handler): %s\n", crc((int)geteuid()));
    say("cage: getuid (not a handler): %s\n", crc((int)getuid()));
    say("cage: getgid (no function there): %s\n", crc((int)getgid()));
    say("cage: getegid %d\n", (int)getegid());
    int wrong = 0;
    for (int i = 0; i < 3000; i++) {
        if ((int)geteuid() != -1) wrong++;
        if ((int)getegid() != 4343) wrong++;
    }
    say("cage: 3000 more trapping calls, each followed by a good one: wrong results %d\n", wrong);
    return 0;
}
