/* Shell-like pipelines built with pipe + fork + dup2 + exec, the way a
 * shell does it (the parent closes every pipe end, then waits for all
 * stages; the last stage writes to our stdout):
 *   bin/gen 2000 | bin/upper | bin/linecount
 *   bin/gen 300 word | bin/upper | bin/upper | bin/headn 5 | bin/linecount
 *   ./NAME double | ./NAME double | bin/linecount   (this program as a filter)
 * Exit statuses of every stage are printed. (A pipeline whose reader
 * leaves early, killing the writer with SIGPIPE, is in pipe_epipe: this
 * test needs no signals.) */
#include "proctest.h"

/* run a pipeline of N commands; each is a NULL-terminated argv */
static void pipeline(int n, char **cmds[]) {
    pid_t pids[8];
    int in = -1;
    say("$");
    for (int i = 0; i < n; i++) {
        for (char **a = cmds[i]; *a; a++) say(" %s", *a);
        if (i < n - 1) say(" |");
    }
    say("\n");
    for (int i = 0; i < n; i++) {
        int p[2] = {-1, -1};
        if (i < n - 1 && pipe(p) < 0) { say("pipe: %s\n", errname(errno)); exit(1); }
        pids[i] = xfork();
        if (pids[i] == 0) {
            if (in >= 0) { dup2(in, 0); close(in); }
            if (p[1] >= 0) { dup2(p[1], 1); close(p[1]); close(p[0]); }
            execv(cmds[i][0], cmds[i]);
            fprintf(stderr, "exec %s: %s\n", cmds[i][0], errname(errno));
            _exit(127);
        }
        if (in >= 0) close(in);
        if (p[1] >= 0) close(p[1]);
        in = p[0];
    }
    /* collect every stage before printing: the last stage may still be
     * writing to our stdout */
    int st[8];
    for (int i = 0; i < n; i++) st[i] = xwait(pids[i]);
    for (int i = 0; i < n; i++) say("  stage %d (%s): %s\n", i + 1, cmds[i][0], status_str(st[i]));
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "double") == 0) {
        /* a filter: every line twice */
        char line[256];
        while (fgets(line, sizeof line, stdin)) {
            fputs(line, stdout);
            fputs(line, stdout);
        }
        return 0;
    }
    proc_init(argc, argv);
    char *gen[] = {"bin/gen", "2000", NULL};
    char *upper[] = {"bin/upper", NULL};
    char *count[] = {"bin/linecount", "count", NULL};
    char **p1[] = {gen, upper, count};
    pipeline(3, p1);

    char *gen2[] = {"bin/gen", "300", "word", NULL};
    char *head5[] = {"bin/headn", "5", NULL};
    char **p2[] = {gen2, upper, upper, head5, count};
    pipeline(5, p2);

    char *gen4[] = {"bin/gen", "50", "x", NULL};
    char *dbl[] = {(char *)PROG, "double", NULL};
    char **p4[] = {gen4, dbl, dbl, count};
    pipeline(4, p4);
    CHECK(wait(NULL));
    return 0;
}
