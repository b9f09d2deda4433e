/* quitter_cage: runs under quitter_grate (fd 10: "first call done" to the
 * grate; fd 11: EOF once the grate is gone).
 *   quitter_cage [busy | midcall]
 * Makes one interposed call, tells the grate, and then
 * - (default) waits until the grate has ended (EOF on fd 11, then
 *   reparented) and calls again;
 * - busy: calls geteuid in a loop while the grate ends, until it is gone:
 *   every result is either the grate's answer or a clean failure (-1 with
 *   ENOSYS or ESRCH), never anything else;
 * - midcall: calls geteuid once more; the grate (run with
 *   --kill-in-handler) dies during that call, whose result is either the
 *   handler's answer or a clean failure.
 * Then the entry points at a dead grate, so the call fails with an error
 * (the runtime empties such entries: ENOSYS) instead of reaching anything
 * else, and other calls keep working. */
#include <time.h>

#include "gratetest.h"

static void wait_reparented(pid_t grate) {
    int waited = 0;
    struct timespec t = {0, 10 * 1000 * 1000};
    while (getppid() == grate && waited < 1000) {
        nanosleep(&t, NULL);
        waited++;
    }
    say("cage: reparented: %s\n", yn(getppid() != grate));
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    pid_t grate = getppid();
    say("cage: geteuid %d\n", (int)geteuid());
    gate_pass(10);
    if (strcmp(mode, "busy") == 0) {
        if (fcntl(11, F_SETFL, O_NONBLOCK) == -1) say("cage: fcntl: %s\n", crc(-1));
        long answered = 0, enosys = 0, esrch = 0, other = 0;
        int eof = 0;
        for (long i = 0; !eof || getppid() == grate; i++) {
            errno = 0;
            int r = (int)geteuid();
            if (r == FAKE_EUID) answered++;
            else if (r == -1 && errno == ENOSYS) enosys++;
            else if (r == -1 && errno == ESRCH) esrch++;
            else if (other++ == 0) say("cage: unexpected result %d (%s)\n", r, errname(errno));
            char c;
            if (!eof && read(11, &c, 1) == 0) eof = 1;
            if (i > 50000000) break;
        }
        say("cage: busy calls while the grate ended: every one answered or failed cleanly: %s\n", yn(other == 0));
    } else if (strcmp(mode, "midcall") == 0) {
        errno = 0;
        int r = (int)geteuid();
        int clean = r == FAKE_EUID || (r == -1 && (errno == ENOSYS || errno == ESRCH || errno == EIO));
        say("cage: the call during which the grate died: answered or failed cleanly: %s\n", yn(clean));
        if (!clean) say("cage: (it returned %d, %s)\n", r, errname(errno));
        say("cage: EOF from the grate's pipe: %s\n", yn(gate_wait(11) != 0));
    } else {
        say("cage: EOF from the grate's pipe: %s\n", yn(gate_wait(11) != 0));
    }
    wait_reparented(grate);
    errno = 0;
    long r = (long)(int)geteuid();
    say("cage: geteuid after the grate ended: %s\n", r == -1 ? crc(-1) : "did not fail");
    say("cage: getpid still works: %s\n", yn(getpid() > 0));
    errno = 0;
    r = (long)(int)geteuid();
    say("cage: geteuid again: %s\n", r == -1 ? crc(-1) : "did not fail");
    return 0;
}
