/* counter_cage: under counter_grate (geteuid -> 4242, getegid -> 4343,
 * getuid/getgid -> the grate's counts of geteuid/getegid calls).
 *   counter_cage [CALLS [CHILDREN [CHILD_CALLS]]]   (default 1000000 4 250000)
 * Each handler answers; then CALLS geteuid calls in a row (every result
 * checked, the grate's count checked); then CHILDREN cages at once, each
 * making CHILD_CALLS calls alternating geteuid and getegid, checking every
 * result (exit status 0 if all were right); then the grate's counts. */
#include "gratetest.h"

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 1000000;
    int children = argc > 2 ? atoi(argv[2]) : 4;
    long child_calls = argc > 3 ? atol(argv[3]) : 250000;

    say("cage: geteuid %d, getegid %d, getuid %d, getgid %d\n", (int)geteuid(), (int)getegid(), (int)getuid(),
        (int)getgid());

    long wrong = 0;
    for (long i = 0; i < calls; i++)
        if (geteuid() != FAKE_EUID) wrong++;
    say("cage: %ld geteuid calls, wrong results %ld; grate counted %d\n", calls, wrong, (int)getuid());

    pid_t pids[64];
    if (children > 64) children = 64;
    for (int c = 0; c < children; c++) {
        pids[c] = fork();
        if (pids[c] == -1) {
            say("cage: fork: %s\n", crc(-1));
            return 1;
        }
        if (pids[c] == 0) {
            long bad = 0;
            for (long i = 0; i < child_calls; i++) {
                if (i & 1)
                    bad += getegid() != 4343;
                else
                    bad += geteuid() != FAKE_EUID;
            }
            _exit(bad == 0 ? 0 : 1);
        }
    }
    int ok = 0;
    for (int c = 0; c < children; c++) {
        int st = wait_for(pids[c]);
        ok += st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    say("cage: %d children, %d got only right results\n", children, ok);
    say("cage: grate counted geteuid %d, getegid %d\n", (int)getuid(), (int)getgid());
    return 0;
}
