/* Pipes between children: two siblings connected by a pipe the parent
 * made (the parent closes its copies so the reader sees EOF); the
 * reader reports to the parent through a second pipe. Then a ring of
 * four processes passing a token around three times, each adding its
 * index, the last one reporting the total. */
#include "proctest.h"

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int ab[2], rep[2];
    CHECK(pipe(ab));
    CHECK(pipe(rep));
    pid_t w = xfork();
    if (w == 0) {
        close(ab[0]);
        close(rep[0]);
        close(rep[1]);
        for (int i = 1; i <= 100; i++) {
            char line[32];
            snprintf(line, sizeof line, "%d\n", i);
            write_str(ab[1], line);
        }
        child_exit(0);
    }
    pid_t r = xfork();
    if (r == 0) {
        close(ab[1]);
        close(rep[0]);
        size_t n;
        char *s = slurp_fd(ab[0], &n);
        long sum = 0, count = 0;
        for (char *p = strtok(s, "\n"); p; p = strtok(NULL, "\n")) { sum += atol(p); count++; }
        char line[64];
        snprintf(line, sizeof line, "reader: %ld numbers, sum %ld\n", count, sum);
        write_str(rep[1], line);
        child_exit(0);
    }
    close(ab[0]);
    close(ab[1]);
    close(rep[1]);
    size_t n;
    char *s = slurp_fd(rep[0], &n);
    say("%s", s);
    free(s);
    close(rep[0]);
    wait_show(w, "writer");
    wait_show(r, "reader");

    /* a ring: parent -> c1 -> c2 -> c3 -> parent, three laps */
#define RING 4
    int pipes[RING][2];
    for (int i = 0; i < RING; i++) CHECK(pipe(pipes[i]));
    pid_t kids[RING];
    for (int i = 1; i < RING; i++) {
        kids[i] = xfork();
        if (kids[i] == 0) {
            /* reads pipes[i-1], writes pipes[i] */
            for (int k = 0; k < RING; k++) {
                if (k != i - 1) close(pipes[k][0]);
                if (k != i) close(pipes[k][1]);
            }
            long tok;
            while (read_full(pipes[i - 1][0], &tok, sizeof tok) == sizeof tok) {
                tok = tok * 10 + i;
                write_full(pipes[i][1], &tok, sizeof tok);
            }
            child_exit(i);
        }
    }
    for (int k = 0; k < RING; k++) {
        if (k != RING - 1) close(pipes[k][0]);
        if (k != 0) close(pipes[k][1]);
    }
    long tok = 0;
    for (int lap = 0; lap < 3; lap++) {
        write_full(pipes[0][1], &tok, sizeof tok);
        read_full(pipes[RING - 1][0], &tok, sizeof tok);
        say("lap %d: token %ld\n", lap, tok);
        tok %= 1000;
    }
    close(pipes[0][1]);
    close(pipes[RING - 1][0]);
    for (int i = 1; i < RING; i++) {
        char label[16];
        snprintf(label, sizeof label, "ring %d", i);
        wait_show(kids[i], label);
    }
    return 0;
}
