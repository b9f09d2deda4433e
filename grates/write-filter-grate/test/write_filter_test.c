/* Under write-filter-grate: fds opened on *.log paths are written with
 * write, pwrite, writev and stdio; fds opened on any other path get
 * -1/EPERM from all of them, and the file stays empty. stdout is written
 * normally. Marks follow dup/dup2/fcntl(F_DUPFD), fork and exec, and a
 * closed fd's number reused by a pipe is writable again. Prints one line
 * per check ("ok ..." or "FAIL ..."); exits 1 on any failure (without the
 * grate, the .txt writes succeed). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

static void check(const char *what, int ok) {
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    fflush(stdout);
    fails += !ok;
}

static int eperm(long r) { return r == -1 && errno == EPERM; }

static int writes_all(int fd) {
    struct iovec iov[2] = {{"wri", 3}, {"tev\n", 4}};
    return write(fd, "write\n", 6) == 6 && pwrite(fd, "pwrite\n", 7, 6) == 7 &&
           lseek(fd, 13, SEEK_SET) == 13 && writev(fd, iov, 2) == 7;
}

static int denies_all(int fd) {
    struct iovec iov[2] = {{"wri", 3}, {"tev\n", 4}};
    return eperm(write(fd, "write\n", 6)) && eperm(pwrite(fd, "pwrite\n", 7, 0)) && eperm(writev(fd, iov, 2));
}

static long size_of(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

static int contents_are(const char *p, const char *want) {
    char buf[128] = {0};
    int fd = open(p, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n == (ssize_t)strlen(want) && memcmp(buf, want, n) == 0;
}

/* Run after exec: fd argv[2] (opened on a .txt) is still denied, fd argv[3]
 * (a .log) still writable. */
static int after_exec(char **argv) {
    int txt = atoi(argv[2]), log = atoi(argv[3]);
    check("exec: inherited .txt fd denied", eperm(write(txt, "x", 1)));
    check("exec: inherited .log fd written", write(log, "exec\n", 5) == 5);
    return fails != 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "after-exec") == 0) return after_exec(argv);

    check("stdout is writable", write(1, "stdout write\n", 13) == 13);

    int log = open("out.log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    check("open out.log", log >= 0);
    check("write/pwrite/writev to out.log", writes_all(log));
    close(log);
    check("out.log holds the writes", contents_are("out.log", "write\npwrite\nwritev\n"));

    int txt = open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    check("open out.txt", txt >= 0);
    check("write/pwrite/writev to out.txt: EPERM", denies_all(txt));
    int d = dup(txt);
    check("dup of out.txt fd: EPERM", d >= 0 && eperm(write(d, "x", 1)));
    close(d);
    d = fcntl(txt, F_DUPFD, 20);
    check("fcntl(F_DUPFD) of out.txt fd: EPERM", d >= 20 && eperm(write(d, "x", 1)));
    close(d);

    int dlog = openat(AT_FDCWD, "dir-less.log", O_RDWR | O_CREAT | O_TRUNC, 0644);
    int dtxt = openat(AT_FDCWD, "other.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    check("openat .log written", dlog >= 0 && write(dlog, "at\n", 3) == 3);
    check("openat .dat: EPERM", dtxt >= 0 && eperm(write(dtxt, "at\n", 3)));
    check("dup2(.dat fd, 30): EPERM", dup2(dtxt, 30) == 30 && eperm(write(30, "x", 1)));
    check("dup2(.log fd, 30) over it: written", dup2(dlog, 30) == 30 && write(30, "y\n", 2) == 2);
    close(30);
    close(dtxt);

    int c = creat("created.bin", 0644);
    check("creat .bin: EPERM", c >= 0 && eperm(write(c, "x", 1)));
    close(c);

    FILE *f = fopen("stdio.txt", "w");
    check("fopen stdio.txt: fputs+fflush fail", f && (fputs("hello\n", f), fflush(f) != 0));
    if (f) fclose(f);
    f = fopen("stdio.log", "a");
    check("fopen stdio.log: fputs+fflush work", f && fputs("hello\n", f) >= 0 && fflush(f) == 0);
    if (f) fclose(f);

    /* ".log" alone is a dot file, not a .log extension */
    int dot = open(".log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    check("open .log (dot file): EPERM", dot >= 0 && eperm(write(dot, "x", 1)));
    close(dot);

    /* stdout redirected onto a denied file is denied; restored, it works */
    int saved = dup(1);
    dup2(txt, 1);
    int denied_stdout = eperm(write(1, "x", 1));
    dup2(saved, 1);
    close(saved);
    check("stdout dup2'd onto out.txt: EPERM", denied_stdout);

    /* a closed fd's number reused by a pipe is writable */
    int n = txt;
    close(txt);
    int p[2];
    check("pipe", pipe(p) == 0);
    check("pipe end reusing the closed .txt fd number is writable", (p[0] == n || p[1] == n) && write(p[1], "pp", 2) == 2);
    close(p[0]);
    close(p[1]);

    /* a forked child inherits the marks */
    txt = open("out.txt", O_WRONLY);
    log = open("out.log", O_WRONLY | O_APPEND);
    pid_t pid = fork();
    if (pid == 0) _exit(eperm(write(txt, "x", 1)) && write(log, "child\n", 6) == 6 ? 0 : 1);
    int st;
    check("fork: child denied on .txt, written on .log",
          waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* ... and so does an exec'd program */
    pid = fork();
    if (pid == 0) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", txt);
        snprintf(b, sizeof b, "%d", log);
        char *args[] = {argv[0], "after-exec", a, b, NULL};
        execv(argv[0], args);
        _exit(127);
    }
    check("exec'd program ran", waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(txt);
    close(log);

    check("out.txt, other.dat, created.bin, stdio.txt are empty",
          size_of("out.txt") == 0 && size_of("other.dat") == 0 && size_of("created.bin") == 0 &&
              size_of("stdio.txt") == 0);
    check("out.log has the child's and exec's lines", contents_are("out.log", "write\npwrite\nwritev\nchild\nexec\n"));
    return fails != 0;
}
