/* fork: 0 in the child, the child's pid in the parent; the child's
 * getpid/getppid agree with the parent's view; the child gets a copy of
 * globals, heap, stack and static data (changes do not flow back); the
 * child's exit code reaches waitpid; a second fork after that works. */
#include "proctest.h"

static int global = 100;
static char data_str[32] = "initial data";

int main(int argc, char **argv) {
    proc_init(argc, argv);
    int local = 5;
    char *heap = malloc(64);
    strcpy(heap, "heap before fork");
    pid_t me = getpid();
    int p[2];
    CHECK(pipe(p));

    pid_t pid = xfork();
    if (pid == 0) {
        close(p[0]);
        /* the child prints while the parent is blocked in waitpid */
        say("child: fork returned 0\n");
        EXPECT(getppid() == me);
        EXPECT(getpid() != me);
        say("child sees global=%d local=%d heap=\"%s\" data=\"%s\"\n", global, local, heap, data_str);
        global = 200;
        local = 6;
        strcpy(heap, "heap changed in child");
        strcpy(data_str, "child data");
        say("child changed them: global=%d local=%d heap=\"%s\"\n", global, local, heap);
        pid_t mine = getpid();
        write_full(p[1], &mine, sizeof mine);
        close(p[1]);
        child_exit(42);
    }
    close(p[1]);
    int st = wait_show(pid, "child");
    EXPECT(pid > 0);
    EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 42);
    pid_t reported = 0;
    CHECK(read_full(p[0], &reported, sizeof reported));
    EXPECT(reported == pid);
    close(p[0]);
    say("parent still has global=%d local=%d heap=\"%s\" data=\"%s\"\n", global, local, heap, data_str);
    EXPECT(getpid() == me);

    /* a second child, exiting with 0 via return from a nested call */
    pid = xfork();
    if (pid == 0) child_exit(0);
    wait_show(pid, "second child");
    /* no children left */
    CHECK(wait(NULL));
    free(heap);
    return 0;
}
