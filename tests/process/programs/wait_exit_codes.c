/* Exit statuses as the parent sees them: exit, _exit, return from main,
 * codes 0..255, exit(256) -> 0, exit(-1) -> 255, exit(1000) -> 232, and
 * the W* macros on each (WIFEXITED, WEXITSTATUS, WIFSIGNALED,
 * WIFSTOPPED). Children that exit through atexit handlers, and through a
 * return from main of an exec'd program (bin/exitwith). */
#include "proctest.h"

static int atexit_code;
static void on_exit_handler(void) {
    /* runs in the child at exit; prints while the parent waits */
    say("  (atexit handler in child %d)\n", atexit_code);
}

static void show(const char *how, int st) {
    say("%-22s WIFEXITED=%d WEXITSTATUS=%d WIFSIGNALED=%d WIFSTOPPED=%d\n", how, WIFEXITED(st) ? 1 : 0,
        WEXITSTATUS(st), WIFSIGNALED(st) ? 1 : 0, WIFSTOPPED(st) ? 1 : 0);
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    const int codes[] = {0, 1, 2, 42, 127, 128, 200, 255, 256, -1, 1000, -255};
    char how[40];
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        pid_t pid = xfork();
        if (pid == 0) exit(codes[i]);
        snprintf(how, sizeof how, "exit(%d):", codes[i]);
        show(how, xwait(pid));
    }
    for (int c = 3; c < 256; c += 84) {
        pid_t pid = xfork();
        if (pid == 0) _exit(c);
        snprintf(how, sizeof how, "_exit(%d):", c);
        show(how, xwait(pid));
    }
    pid_t pid = xfork();
    if (pid == 0) {
        atexit_code = 9;
        atexit(on_exit_handler);
        exit(9);
    }
    show("exit(9) with atexit:", xwait(pid));
    pid = xfork();
    if (pid == 0) {
        char *av[] = {"exitwith", "77", NULL};
        execv("bin/exitwith", av);
        _exit(127);
    }
    show("exec'd, returns 77:", xwait(pid));
    return 0;
}
