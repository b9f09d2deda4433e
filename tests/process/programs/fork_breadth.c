/* 16 children forked back to back, all alive at once (each blocks on a
 * pipe until the parent has forked them all), each exiting with a
 * distinct code 3 + 7*i. Collected in three ways: the first third by pid
 * in reverse order, the next third by waitpid(-1) (mapped back to the
 * index through the pid), the rest with wait(). Codes are printed in
 * index order. */
#include "proctest.h"

#define N 16

int main(int argc, char **argv) {
    proc_init(argc, argv);
    pid_t kids[N];
    int code[N];
    int go[2];
    CHECK(pipe(go));
    for (int i = 0; i < N; i++) {
        pid_t pid = xfork();
        if (pid == 0) {
            close(go[1]);
            char c;
            /* EOF when the parent closes its end: everyone goes */
            while (read(go[0], &c, 1) > 0) {}
            child_exit(3 + 7 * i);
        }
        kids[i] = pid;
        code[i] = -1;
    }
    /* all children exist now; none has exited */
    int st;
    CHECK(waitpid(-1, &st, WNOHANG));
    close(go[1]);
    close(go[0]);
    for (int i = N - 1; i >= 2 * N / 3; i--) {
        st = xwait(kids[i]);
        code[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -2;
    }
    int got = 0;
    for (int k = 0; k < N / 3; k++) {
        pid_t r = waitpid(-1, &st, 0);
        for (int i = 0; i < N; i++)
            if (kids[i] == r && code[i] == -1) { code[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -2; got++; }
    }
    say("waitpid(-1) collected %d children\n", got);
    pid_t r;
    while ((r = wait(&st)) > 0)
        for (int i = 0; i < N; i++)
            if (kids[i] == r && code[i] == -1) code[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -2;
    say("then wait() = -1 %s\n", errname(errno));
    for (int i = 0; i < N; i++) say("child %2d exit code %3d%s\n", i, code[i], code[i] == 3 + 7 * i ? "" : " WRONG");
    return 0;
}
