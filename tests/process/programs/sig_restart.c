/* Interrupted blocking calls: a child signals us 200 ms into a blocking
 * read() on an empty pipe, then writes data 300 ms later. Without
 * SA_RESTART the read fails with EINTR (the handler ran) and a second
 * read gets the data; with SA_RESTART the same read just returns the
 * data. The same for waitpid(). nanosleep is interrupted (EINTR, with
 * time left) even with SA_RESTART, as on Linux. */
#include "proctest.h"

static volatile sig_atomic_t hits;
static void h(int s) { (void)s; hits++; }

/* a child that sends SIGUSR1 to its parent after 200 ms, then writes
 * "data" to W (if W >= 0) 300 ms later and exits */
static pid_t poker(int w, int other_r) {
    pid_t parent = getpid();
    pid_t pid = xfork();
    if (pid == 0) {
        if (other_r >= 0) close(other_r);
        sleep_ms(200);
        kill(parent, SIGUSR1);
        sleep_ms(300);
        if (w >= 0) write_str(w, "data");
        child_exit(0);
    }
    return pid;
}

static void read_case(int flags, const char *label) {
    int p[2];
    if (pipe(p) < 0) exit(1);
    hits = 0;
    set_handler(SIGUSR1, h, flags);
    pid_t pid = poker(p[1], p[0]);
    close(p[1]);
    char buf[16] = {0};
    errno = 0;
    ssize_t r = read(p[0], buf, sizeof buf - 1);
    say("%s: read = %zd %s, handler ran %d\n", label, r, r < 0 ? errname(errno) : buf, (int)hits);
    if (r < 0) {
        r = read(p[0], buf, sizeof buf - 1);
        say("%s: read again = %zd %s\n", label, r, r < 0 ? errname(errno) : buf);
    }
    close(p[0]);
    xwait(pid);
}

static void wait_case(int flags, const char *label) {
    hits = 0;
    set_handler(SIGUSR1, h, flags);
    pid_t pid = poker(-1, -1);
    int st;
    errno = 0;
    pid_t r = waitpid(pid, &st, 0);
    say("%s: waitpid %s, handler ran %d\n", label, r == pid ? "= the child" : errname(errno), (int)hits);
    if (r < 0) {
        r = waitpid(pid, &st, 0);
        say("%s: waitpid again %s\n", label, r == pid ? "= the child" : errname(errno));
    }
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    read_case(0, "no SA_RESTART");
    read_case(SA_RESTART, "SA_RESTART");
    wait_case(0, "no SA_RESTART");
    wait_case(SA_RESTART, "SA_RESTART");

    hits = 0;
    set_handler(SIGUSR1, h, SA_RESTART);
    pid_t pid = poker(-1, -1);
    struct timespec ts = {5, 0}, rem = {0, 0};
    errno = 0;
    int r = nanosleep(&ts, &rem);
    say("nanosleep(5 s) with SA_RESTART = %d %s, handler ran %d, time left: %s\n", r, errname(r < 0 ? errno : 0),
        (int)hits, rem.tv_sec > 0 && rem.tv_sec < 5 ? "between 0 and 5 s" : "WRONG");
    xwait(pid);
    return 0;
}
