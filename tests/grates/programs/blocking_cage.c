/* blocking_cage: under blocking_grate (read forwarded, geteuid -> 4242).
 * Child A blocks in read() on an empty pipe -- inside the grate's read
 * handler, in its forwarded call. 300 ms later child B calls geteuid,
 * which needs the same grate, and only then writes the byte A waits for.
 * If a blocked handler kept the grate to itself, B would wait for A and A
 * for B: the run would hang (and time out). */
#include <time.h>

#include "gratetest.h"

int main(void) {
    int p[2];
    if (pipe(p) == -1) {
        say("pipe: %s\n", crc(-1));
        return 1;
    }
    pid_t a = fork();
    if (a == 0) {
        close(p[1]);
        char c;
        ssize_t n = read(p[0], &c, 1);
        _exit(n == 1 && c == 'b' ? 0 : 1);
    }
    struct timespec t = {0, 300 * 1000 * 1000};
    nanosleep(&t, NULL);
    pid_t b = fork();
    if (b == 0) {
        int e = (int)geteuid();
        char c = 'b';
        if (write(p[1], &c, 1) != 1) _exit(2);
        _exit(e == FAKE_EUID ? 0 : 1);
    }
    close(p[0]);
    close(p[1]);
    int sb = wait_for(b);
    say("cage: B (geteuid while A's read blocks in the grate, then writes): %s\n", wstatus(sb));
    int sa = wait_for(a);
    say("cage: A (read through the grate, woken by B): %s\n", wstatus(sa));
    return 0;
}
