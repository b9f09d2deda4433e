/* fork + exec + wait in a loop: 12 rounds of running this program again
 * (./NAME child I: it prints one line and exits with I*11), then 12 rounds
 * of the helper bin/exitwith with codes 0..255 spread out, then a round
 * where the child execs a program that execs another (./NAME relay ->
 * bin/echoargs). Each child's line is printed while the parent waits. */
#include "proctest.h"

static int global = 1;

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "child") == 0) {
        int i = atoi(argv[2]);
        say("  exec'd child %d: argc=%d global=%d\n", i, argc, global);
        return (i * 11) % 256;
    }
    if (argc >= 2 && strcmp(argv[1], "relay") == 0) {
        say("  relay: exec'ing bin/echoargs\n");
        char *nargv[] = {"bin/echoargs", "from", "relay", NULL};
        execv(nargv[0], nargv);
        say("  relay: execv failed %s\n", errname(errno));
        return 99;
    }
    proc_init(argc, argv);
    global = 2; /* the exec'd copies must see 1 again */
    for (int i = 0; i < 12; i++) {
        pid_t pid = xfork();
        if (pid == 0) {
            char num[16];
            snprintf(num, sizeof num, "%d", i);
            char *nargv[] = {(char *)PROG, "child", num, NULL};
            execv(PROG, nargv);
            say("execv failed %s\n", errname(errno));
            child_exit(127);
        }
        int st = xwait(pid);
        say("round %d: %s%s\n", i, status_str(st), WIFEXITED(st) && WEXITSTATUS(st) == (i * 11) % 256 ? "" : " WRONG");
    }
    const char *codes[] = {"0", "1", "2", "7", "42", "64", "100", "127", "128", "200", "254", "255"};
    for (int i = 0; i < 12; i++) {
        pid_t pid = xfork();
        if (pid == 0) {
            execl("bin/exitwith", "exitwith", codes[i], (char *)NULL);
            say("execl failed %s\n", errname(errno));
            child_exit(127);
        }
        int st = xwait(pid);
        say("exitwith %s: %s\n", codes[i], status_str(st));
    }
    pid_t pid = xfork();
    if (pid == 0) {
        char *nargv[] = {(char *)PROG, "relay", NULL};
        execv(PROG, nargv);
        child_exit(127);
    }
    wait_show(pid, "relay");
    CHECK(wait(NULL));
    return 0;
}
