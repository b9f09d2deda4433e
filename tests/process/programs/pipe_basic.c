/* Pipes: data in order within one process, fstat says FIFO, lseek ESPIPE,
 * FIONREAD, EOF once every write end is closed (the parent's own copy
 * too), a request/reply conversation with a child over two pipes, and a
 * 1 MiB stream from a child in uneven pieces (checksummed). */
#include "proctest.h"
#include <sys/ioctl.h>

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int p[2];
    CHECK(pipe(p));
    struct stat st;
    CHECK(fstat(p[0], &st));
    EXPECT(S_ISFIFO(st.st_mode));
    CHECK(lseek(p[0], 0, SEEK_CUR));
    CHECK(write(p[1], "hello ", 6));
    CHECK(write(p[1], "pipe", 4));
    int avail = -1;
    CHECK(ioctl(p[0], FIONREAD, &avail));
    say("FIONREAD: %d\n", avail);
    char buf[64] = {0};
    CHECK(read(p[0], buf, 3));
    CHECK(read(p[0], buf + 3, sizeof buf - 4));
    say("read \"%s\"\n", buf);
    CHECK(read(p[1], buf, 1));
    CHECK(write(p[0], "x", 1));
    CHECK(close(p[1]));
    CHECK(read(p[0], buf, sizeof buf));
    CHECK(close(p[0]));

    /* EOF needs every write end closed, including the parent's */
    CHECK(pipe(p));
    pid_t pid = xfork();
    if (pid == 0) {
        close(p[0]);
        write_str(p[1], "from child");
        child_exit(0);
    }
    xwait(pid);
    memset(buf, 0, sizeof buf);
    CHECK(read(p[0], buf, sizeof buf));
    say("got \"%s\"; the parent still holds a write end, so:\n", buf);
    CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK));
    CHECK(read(p[0], buf, sizeof buf));
    CHECK(close(p[1]));
    CHECK(read(p[0], buf, sizeof buf));
    close(p[0]);

    /* request/reply: the child doubles numbers */
    int req[2], rep[2];
    CHECK(pipe(req));
    CHECK(pipe(rep));
    pid = xfork();
    if (pid == 0) {
        close(req[1]);
        close(rep[0]);
        int v;
        while (read_full(req[0], &v, sizeof v) == sizeof v) {
            v *= 2;
            write_full(rep[1], &v, sizeof v);
        }
        child_exit(0);
    }
    close(req[0]);
    close(rep[1]);
    say("replies:");
    for (int i = 1; i <= 10; i++) {
        int v = i * i, w = -1;
        write_full(req[1], &v, sizeof v);
        read_full(rep[0], &w, sizeof w);
        say(" %d", w);
    }
    say("\n");
    close(req[1]);
    int v;
    CHECK(read_full(rep[0], &v, sizeof v));
    close(rep[0]);
    wait_show(pid, "doubler");

    /* 1 MiB in uneven pieces */
    CHECK(pipe(p));
    pid = xfork();
    if (pid == 0) {
        close(p[0]);
        unsigned seed = 99;
        static unsigned char data[1 << 20];
        for (size_t i = 0; i < sizeof data; i++) data[i] = (unsigned char)tl_rand(&seed);
        size_t off = 0, piece = 1;
        while (off < sizeof data) {
            size_t n = piece < sizeof data - off ? piece : sizeof data - off;
            if (write_full(p[1], data + off, n) < 0) child_exit(3);
            off += n;
            piece = piece * 3 % 70001 + 1;
        }
        child_exit(0);
    }
    close(p[1]);
    size_t n;
    char *all = slurp_fd(p[0], &n);
    close(p[0]);
    say("received %zu bytes, fnv %08x\n", n, fnv1a(all, n, FNV_INIT));
    free(all);
    wait_show(pid, "streamer");
    return 0;
}
