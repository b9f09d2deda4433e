/* execve hands over exactly the argv and envp it is given: odd
 * arguments (empty, spaces, tabs, "--", 150 of them), an empty
 * environment, a long one; execv/execl/execvp pass the caller's current
 * environ (after setenv/unsetenv), execle/execve an explicit one;
 * execvp/execlp search a relative $PATH; argv[0] is whatever the caller
 * says. Each exec runs bin/echoargs in a child while the parent waits. */
#include "proctest.h"

extern char **environ;

static void run(const char *what, int how, char *const av[], char *const ev[]) {
    say("--- %s\n", what);
    pid_t pid = xfork();
    if (pid == 0) {
        switch (how) {
        case 0: execve("bin/echoargs", av, ev); break;
        case 1: execv("bin/echoargs", av); break;
        case 2: execvp(av[0], av); break;
        case 3: execl("bin/echoargs", "echoargs", "via", "execl", (char *)NULL); break;
        case 4: execle("bin/echoargs", "echoargs", "via execle", (char *)NULL, ev); break;
        case 5: execlp("echoargs", "echoargs", "via", "execlp", (char *)NULL); break;
        case 6: execvpe(av[0], av, ev); break;
        }
        say("exec failed: %s\n", errname(errno));
        child_exit(127);
    }
    wait_show(pid, "status");
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    char *av1[] = {"echoargs", "one", "two words", "", "tab\there", "--", "-x", "new\nline", NULL};
    char *ev1[] = {"X=1", "Y=two words", "EMPTY=", "=no name", "noequals", "EXIT_CODE=3", NULL};
    run("execve: odd argv, explicit envp (EXIT_CODE=3)", 0, av1, ev1);

    char *ev_none[] = {NULL};
    char *av2[] = {"any-argv0-name", NULL};
    run("execve: empty environment, argv[0] not the file name", 0, av2, ev_none);

    char *av3[152];
    char argbuf[150][8];
    av3[0] = "echoargs";
    for (int i = 0; i < 150; i++) {
        snprintf(argbuf[i], sizeof argbuf[i], "a%03d", i);
        av3[i + 1] = argbuf[i];
    }
    av3[151] = NULL;
    char *ev3[65];
    char envbuf[64][40];
    for (int i = 0; i < 64; i++) {
        snprintf(envbuf[i], sizeof envbuf[i], "VAR%02d=value number %d", i, i);
        ev3[i] = envbuf[i];
    }
    ev3[64] = NULL;
    run("execve: 150 arguments, 64 variables", 0, av3, ev3);

    /* the caller's environ, after changes, goes with execv/execl/execvp */
    CHECK(setenv("ADDED", "yes", 1));
    CHECK(setenv("A", "changed", 1));
    CHECK(unsetenv("B"));
    char *av4[] = {"echoargs", "via execv", NULL};
    run("execv: inherits the modified environ", 1, av4, NULL);
    run("execl", 3, NULL, NULL);
    char *ev5[] = {"ONLY=this", NULL};
    run("execle: explicit environment", 4, NULL, ev5);

    CHECK(setenv("PATH", "no-such-dir:bin", 1));
    char *av6[] = {"echoargs", "via execvp", NULL};
    run("execvp: found through a relative PATH", 2, av6, NULL);
    run("execlp", 5, NULL, NULL);
    char *av7[] = {"no-such-program", NULL};
    run("execvp: not found in PATH", 2, av7, NULL);
    char *av8[] = {"echoargs", "via execvpe", NULL};
    char *ev8[] = {"PATH=ignored-for-search", "Z=26", NULL};
    run("execvpe: PATH from the caller, environment explicit", 6, av8, ev8);
    return 0;
}
