/* Redirection the way a shell does it, in a child before exec: `>file`
 * (dup2 onto 1), `<file` (dup2 onto 0), `>file 2>&1` vs `2>&1 >file`
 * (order matters), a saved copy of stdout made with F_DUPFD_CLOEXEC that
 * the exec'd program does not get, and stdout redirected into a pipe
 * the parent reads. Plus dup2/dup3 corner cases. */
#include "proctest.h"

static void both(const char *tag) {
    char line[64];
    snprintf(line, sizeof line, "%s: to stdout\n", tag);
    write_str(1, line);
    snprintf(line, sizeof line, "%s: to stderr\n", tag);
    write_str(2, line);
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    /* > out1.txt, then exec */
    pid_t pid = xfork();
    if (pid == 0) {
        int f = open("out1.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(f, 1);
        close(f);
        char *av[] = {"echoargs", "redirected", NULL};
        char *ev[] = {NULL};
        execve("bin/echoargs", av, ev);
        _exit(127);
    }
    wait_show(pid, "echoargs >out1.txt");
    show_file("out1.txt");

    /* < in.txt */
    CHECK(put_file("in.txt", "one\ntwo\nthree\n"));
    pid = xfork();
    if (pid == 0) {
        int f = open("in.txt", O_RDONLY);
        dup2(f, 0);
        close(f);
        char *av[] = {"linecount", "stdin from in.txt", NULL};
        execv("bin/linecount", av);
        _exit(127);
    }
    wait_show(pid, "linecount <in.txt");

    /* >both.txt 2>&1  vs  2>&1 >first.txt (stderr goes to the parent's
     * stderr, which is not compared; only the files are shown) */
    pid = xfork();
    if (pid == 0) {
        int f = open("both.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(f, 1);
        dup2(1, 2);
        close(f);
        both(">both.txt 2>&1");
        _exit(0);
    }
    xwait(pid);
    show_file("both.txt");
    pid = xfork();
    if (pid == 0) {
        int devnull = open("stderr-sink.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(devnull, 1); /* stands in for the parent's stdout */
        close(devnull);
        int f = open("first.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(1, 2);
        dup2(f, 1);
        close(f);
        both("2>&1 >first.txt");
        _exit(0);
    }
    xwait(pid);
    show_file("first.txt");
    show_file("stderr-sink.txt");

    /* a saved stdout with close-on-exec does not reach the new program */
    pid = xfork();
    if (pid == 0) {
        int saved = fcntl(1, F_DUPFD_CLOEXEC, 10);
        int f = open("fds.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(f, 1);
        close(f);
        char line[64];
        snprintf(line, sizeof line, "saved stdout is fd %d\n", saved);
        write_str(saved, line);
        char *av[] = {"fdinfo", NULL};
        execv("bin/fdinfo", av);
        _exit(127);
    }
    wait_show(pid, "fdinfo >fds.txt");
    show_file("fds.txt");

    /* stdout into a pipe */
    int p[2];
    CHECK(pipe(p));
    pid = xfork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        char *av[] = {"gen", "5", "piped", NULL};
        execv("bin/gen", av);
        _exit(127);
    }
    close(p[1]);
    size_t n;
    char *s = slurp_fd(p[0], &n);
    close(p[0]);
    say("from the pipe: %zu bytes: %s", n, s);
    free(s);
    wait_show(pid, "gen | parent");

    /* corner cases */
    CHECK(dup2(1, 1));
    CHECK(dup3(1, 1, 0));
    CHECK(fcntl(1, F_DUPFD_CLOEXEC, -1));
    CHECK(fcntl(1, F_DUPFD_CLOEXEC, 40));
    CHECK(fcntl(40, F_GETFD) & FD_CLOEXEC);
    return 0;
}
