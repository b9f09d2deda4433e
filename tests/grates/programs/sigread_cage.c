/* sigread_cage: under blocking_grate (read forwarded unchanged), signals
 * that arrive while a cage is blocked in a read the grate forwarded must
 * act as they would without the grate.
 *   sigread_cage catch   SIGALRM with a handler: the cage's handler runs
 *                        (in the cage) and the read fails with EINTR; with
 *                        SA_RESTART the read goes on and returns the byte
 *                        written later.
 *   sigread_cage kill    a child blocked in such a read dies of SIGTERM
 *                        (default action) and of SIGKILL. */
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include "gratetest.h"

static volatile int hits;
static void on_alarm(int s) {
    (void)s;
    hits++;
}

static void sleep_ms(int ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000L * 1000};
    nanosleep(&t, NULL);
}

static void catch(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    int p[2];
    if (pipe(p) == -1) exit(1);
    struct itimerval it = {{0, 0}, {0, 200 * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
    char c;
    ssize_t n = read(p[0], &c, 1);
    say("cage: read interrupted by SIGALRM: %s; the cage's handler ran: %d time(s)\n", crc(n), hits);

    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pid_t w = fork();
    if (w == 0) {
        sleep_ms(600);
        _exit(write(p[1], "x", 1) == 1 ? 0 : 1);
    }
    setitimer(ITIMER_REAL, &it, NULL);
    n = read(p[0], &c, 1);
    say("cage: with SA_RESTART: read %s (%s); the cage's handler ran: %d time(s)\n", crc(n),
        n == 1 && c == 'x' ? "the byte" : "?", hits);
    say("cage: writer %s\n", wstatus(wait_for(w)));
}

static void killed(int sig) {
    int p[2];
    if (pipe(p) == -1) exit(1);
    pid_t a = fork();
    if (a == 0) {
        char c;
        ssize_t n = read(p[0], &c, 1);
        _exit(n == 1 ? 3 : 4);
    }
    sleep_ms(300); /* the child is blocked in its read by now */
    kill(a, sig);
    say("cage: a child blocked in a forwarded read, sent signal %d: %s\n", sig, wstatus(wait_for(a)));
    close(p[0]);
    close(p[1]);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "catch") == 0) {
        catch();
    } else if (argc > 1 && strcmp(argv[1], "kill") == 0) {
        killed(SIGTERM);
        killed(SIGKILL);
    } else {
        say("usage: sigread_cage catch|kill\n");
        return 2;
    }
    return 0;
}
