/* ipc-grate's test: pipes between a cage and its children. Every line it
 * prints is compared with ipc_test.out; without the grate the kernel's
 * pipes have fds below 512, so the first check (and the output) differs. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;
static void check(const char *what, int ok) {
    printf("%s: %s\n", what, ok ? "ok" : "FAIL");
    if (!ok) failures++;
}

static void msleep(int ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static ssize_t write_all(int fd, const char *b, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(fd, b + done, n - done);
        if (k <= 0) return -1;
        done += (size_t)k;
    }
    return (ssize_t)done;
}

/* Reads until EOF into b (at most cap); the byte count, or -1. */
static ssize_t read_to_eof(int fd, char *b, size_t cap) {
    size_t got = 0;
    for (;;) {
        ssize_t k = read(fd, b + got, cap - got);
        if (k < 0) return -1;
        if (k == 0) return (ssize_t)got;
        got += (size_t)k;
        if (got == cap) return (ssize_t)got;
    }
}

static int wait_status(pid_t pid) {
    int st = -1;
    if (waitpid(pid, &st, 0) != pid) return -1;
    return st;
}

static char big[200000], big2[200000];

static void test_basics(void) {
    int p[2];
    check("pipe returns 0", pipe(p) == 0);
    check("pipe fds are the grate's (>= 512)", p[0] >= 512 && p[1] >= 512);
    struct stat st;
    check("fstat: a FIFO", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
    check("F_GETFL: read end O_RDONLY", (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY);
    check("F_GETFL: write end O_WRONLY", (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
    check("write on the read end: EBADF", write(p[0], "x", 1) == -1 && errno == EBADF);
    check("lseek: ESPIPE", lseek(p[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
    check("write 5", write(p[1], "hello", 5) == 5);
    int avail = -1;
    check("FIONREAD 5", ioctl(p[0], FIONREAD, &avail) == 0 && avail == 5);
    char b[16] = {0};
    check("read 5", read(p[0], b, sizeof b) == 5 && memcmp(b, "hello", 5) == 0);

    /* writev / readv */
    struct iovec wv[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
    check("writev 6", writev(p[1], wv, 3) == 6);
    char x[2], y[10];
    struct iovec rv[2] = {{x, 2}, {y, sizeof y}};
    check("readv 6", readv(p[0], rv, 2) == 6 && memcmp(x, "ab", 2) == 0 && memcmp(y, "cdef", 4) == 0);

    /* dup, F_DUPFD, close-on-exec bits */
    int d = dup(p[1]);
    check("dup: a grate fd", d >= 512);
    check("write through the dup", write(d, "z", 1) == 1 && read(p[0], b, 1) == 1 && b[0] == 'z');
    int f = fcntl(p[1], F_DUPFD_CLOEXEC, 700);
    check("F_DUPFD_CLOEXEC 700", f == 700 && fcntl(f, F_GETFD) == FD_CLOEXEC);
    check("F_SETFD 0", fcntl(f, F_SETFD, 0) == 0 && fcntl(f, F_GETFD) == 0);
    check("dup has no FD_CLOEXEC", fcntl(d, F_GETFD) == 0);
    close(d);
    close(f);

    /* poll */
    struct pollfd pf = {p[0], POLLIN, 0};
    check("poll: nothing to read", poll(&pf, 1, 0) == 0);
    write(p[1], "q", 1);
    check("poll: POLLIN", poll(&pf, 1, 1000) == 1 && (pf.revents & POLLIN));
    read(p[0], b, 1);
    close(p[1]);
    check("poll: POLLHUP once the writer is gone", poll(&pf, 1, 1000) == 1 && (pf.revents & POLLHUP));
    check("read at EOF: 0", read(p[0], b, 1) == 0);
    check("close read end", close(p[0]) == 0);
    check("close again: EBADF", close(p[0]) == -1 && errno == EBADF);

    int c[2];
    check("pipe2(O_CLOEXEC)", pipe2(c, O_CLOEXEC) == 0 && fcntl(c[0], F_GETFD) == FD_CLOEXEC &&
                                  fcntl(c[1], F_GETFD) == FD_CLOEXEC);
    close(c[0]);
    close(c[1]);
}

/* Parent reads what a child writes in chunks, up to EOF. */
static void test_fork_transfer(void) {
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        for (int i = 0; i < 10; i++) {
            char chunk[1000];
            for (int j = 0; j < 1000; j++) chunk[j] = (char)((i * 1000 + j) % 251);
            if (i == 3) msleep(30); /* the reader blocks meanwhile */
            if (write_all(p[1], chunk, sizeof chunk) < 0) _exit(1);
        }
        close(p[1]);
        _exit(0);
    }
    close(p[1]);
    ssize_t n = read_to_eof(p[0], big, sizeof big);
    int ok = n == 10000;
    for (int i = 0; ok && i < 10000; i++) ok = big[i] == (char)(i % 251);
    check("child -> parent: 10000 bytes in order, then EOF", ok);
    int st = wait_status(pid);
    check("writer child exits 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(p[0]);
}

/* One write bigger than the pipe: the writer blocks until the reader
 * drains. */
static void test_big_write(void) {
    int p[2];
    pipe(p);
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i * 7 + 3);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[1]);
        msleep(20);
        ssize_t n = read_to_eof(p[0], big2, sizeof big2);
        _exit(n == (ssize_t)sizeof big && memcmp(big, big2, sizeof big) == 0 ? 0 : 1);
    }
    close(p[0]);
    check("one 200000-byte write (blocks while full)", write(p[1], big, sizeof big) == (ssize_t)sizeof big);
    close(p[1]);
    int st = wait_status(pid);
    check("reader child got all of it", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* writer | upcase | parent: children use plain read/write on fds 0/1. */
static void test_pipeline(void) {
    int a[2], b[2];
    pipe(a);
    pid_t w = fork();
    if (w == 0) {
        dup2(a[1], 1);
        close(a[0]);
        close(a[1]);
        const char *lines[] = {"hello pipeline\n", "second line\n", "third\n"};
        for (int i = 0; i < 3; i++) {
            write(1, lines[i], strlen(lines[i]));
            msleep(5);
        }
        _exit(0);
    }
    pipe(b);
    pid_t u = fork();
    if (u == 0) {
        dup2(a[0], 0);
        dup2(b[1], 1);
        close(a[0]);
        close(a[1]);
        close(b[0]);
        close(b[1]);
        /* fds 0 and 1 are pipe ends: the kernel must not hand them out */
        int f = open("/ipc_test.cwasm", O_RDONLY);
        int slot_ok = f > 1;
        if (f >= 0) close(f);
        char c[64];
        ssize_t k;
        while ((k = read(0, c, sizeof c)) > 0) {
            for (ssize_t i = 0; i < k; i++)
                if (c[i] >= 'a' && c[i] <= 'z') c[i] = (char)(c[i] - 32);
            write(1, c, (size_t)k);
        }
        _exit(k == 0 && slot_ok ? 0 : 1);
    }
    close(a[0]);
    close(a[1]);
    close(b[1]);
    char out[256];
    ssize_t n = read_to_eof(b[0], out, sizeof out - 1);
    out[n < 0 ? 0 : n] = 0;
    printf("pipeline output:\n%s", out);
    int s1 = wait_status(w), s2 = wait_status(u);
    check("pipeline children exit 0", WIFEXITED(s1) && WEXITSTATUS(s1) == 0 && WIFEXITED(s2) &&
                                          WEXITSTATUS(s2) == 0);
    close(b[0]);
}

static void test_nonblock(void) {
    int p[2];
    check("pipe2(O_NONBLOCK)", pipe2(p, O_NONBLOCK) == 0);
    check("F_GETFL has O_NONBLOCK", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
    char b[4096];
    check("read on empty: EAGAIN", read(p[0], b, 1) == -1 && errno == EAGAIN);
    memset(b, 'n', sizeof b);
    long total = 0;
    ssize_t k;
    while ((k = write(p[1], b, sizeof b)) > 0) total += k;
    int e = errno;
    printf("filled with %ld bytes\n", total);
    check("write on full: EAGAIN", k == -1 && e == EAGAIN);
    check("read 1 byte", read(p[0], b, 1) == 1);
    check("atomic write (4096) with 1 free byte: EAGAIN", write(p[1], b, sizeof b) == -1 && errno == EAGAIN);
    check("small write fits", write(p[1], b, 1) == 1);
    check("F_SETFL clears O_NONBLOCK", fcntl(p[0], F_SETFL, 0) == 0 && !(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    check("the write end stays non-blocking", (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
    close(p[0]);
    close(p[1]);
}

static void test_epipe(void) {
    int p[2];
    pipe(p);
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    check("write with no reader: EPIPE", write(p[1], "x", 1) == -1 && errno == EPIPE);
    signal(SIGPIPE, SIG_DFL);
    pid_t pid = fork();
    if (pid == 0) {
        write(p[1], "x", 1);
        _exit(0);
    }
    int st = wait_status(pid);
    check("default SIGPIPE kills the writer", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
    close(p[1]);
}

/* Two writers of 4096-byte messages: each message arrives whole. */
static void test_atomic(void) {
    int p[2];
    pipe(p);
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            close(p[0]);
            char m[4096];
            memset(m, 'a' + k, sizeof m);
            for (int i = 0; i < 20; i++)
                if (write(p[1], m, sizeof m) != (ssize_t)sizeof m) _exit(1);
            _exit(0);
        }
    }
    close(p[1]);
    ssize_t n = read_to_eof(p[0], big, sizeof big);
    int ok = n == 2 * 20 * 4096, na = 0;
    for (ssize_t off = 0; ok && off < n; off += 4096) {
        for (int j = 1; j < 4096; j++)
            if (big[off + j] != big[off]) ok = 0;
        na += big[off] == 'a';
    }
    check("2 writers x 20 messages of 4096 bytes: none split", ok && na == 20);
    for (int k = 0; k < 2; k++) wait_status(kids[k]);
    close(p[0]);
}

static void on_alarm(int s) { (void)s; }

/* A signal interrupts a read blocked in the grate: EINTR (no SA_RESTART). */
static void test_signal(void) {
    int p[2];
    pipe(p);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    char c;
    check("SIGALRM interrupts a blocked read: EINTR", read(p[0], &c, 1) == -1 && errno == EINTR);
    close(p[0]);
    close(p[1]);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    test_basics();
    test_fork_transfer();
    test_big_write();
    test_pipeline();
    test_nonblock();
    test_epipe();
    test_atomic();
    test_signal();
    printf("%s\n", failures ? "SOME CHECKS FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
