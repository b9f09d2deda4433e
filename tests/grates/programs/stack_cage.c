/* stack_cage: the app under stack_grate A +1 --egid, B x2, C +5 (A
 * outermost). geteuid passes C, B, A and RawPOSIX: ((real + 1) * 2) + 5;
 * getegid is interposed only by A (the entry reaches this cage through
 * B's and C's forks): real + 1. getuid and getgid are the real values. */
#include "gratetest.h"

int main(void) {
    int e = (int)geteuid();
    say("cage: geteuid == ((getuid + 1) * 2) + 5: %s\n", yn(e == (((int)getuid() + 1) * 2) + 5));
    int g = (int)getegid();
    say("cage: getegid == getgid + 1: %s\n", yn(g == (int)getgid() + 1));
    return 0;
}
