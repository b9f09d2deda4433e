/* Writes of at most PIPE_BUF bytes are atomic: 4 children each write 40
 * records of 512 bytes (a header and its own letter repeated) into one
 * pipe concurrently; the parent reads all 160 records and checks that
 * none is torn or interleaved, then counts records per child. Records
 * of one writer arrive in its order. */
#include "proctest.h"

#define KIDS 4
#define RECS 40
#define RSZ 512

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int p[2];
    CHECK(pipe(p));
    pid_t kids[KIDS];
    for (int k = 0; k < KIDS; k++) {
        kids[k] = xfork();
        if (kids[k] == 0) {
            close(p[0]);
            char rec[RSZ];
            for (int i = 0; i < RECS; i++) {
                memset(rec, 'A' + k, RSZ);
                snprintf(rec, 16, "%c%03d", 'A' + k, i);
                rec[4] = ':';
                if (write(p[1], rec, RSZ) != RSZ) child_exit(3);
            }
            child_exit(0);
        }
    }
    close(p[1]);
    int count[KIDS] = {0}, torn = 0, disorder = 0;
    char rec[RSZ];
    ssize_t r;
    while ((r = read_full(p[0], rec, RSZ)) == RSZ) {
        int k = rec[0] - 'A';
        if (k < 0 || k >= KIDS) { torn++; continue; }
        for (int i = 5; i < RSZ; i++)
            if (rec[i] != 'A' + k) { torn++; break; }
        if (atoi(rec + 1) != count[k]) disorder++;
        count[k]++;
    }
    say("trailing bytes: %zd\n", r);
    for (int k = 0; k < KIDS; k++) say("writer %c: %d records\n", 'A' + k, count[k]);
    say("torn records: %d, out of order: %d\n", torn, disorder);
    for (int k = 0; k < KIDS; k++) xwait(kids[k]);
    return 0;
}
