/* MAP_SHARED|MAP_ANONYMOUS memory is shared across fork: five children
 * in turn add to a counter the parent reads after each waitpid; a
 * grandchild's write is seen by the top; a child's munmap does not
 * unmap the parent's view; a string written by a child is read by the
 * parent; parent and child take turns incrementing a shared counter 100
 * times each, passing a baton over pipes; 4 children fill disjoint
 * slices of a 1 MiB shared buffer concurrently. */
#include "proctest.h"

struct shared {
    int counter;
    int turns;
    char msg[64];
    int slots[16];
};

int main(int argc, char **argv) {
    proc_init(argc, argv);
    struct shared *sh = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) { say("mmap: %s\n", errname(errno)); return 1; }
    EXPECT(sh->counter == 0);
    sh->counter = 1;
    for (int i = 1; i <= 5; i++) {
        pid_t pid = xfork();
        if (pid == 0) {
            sh->counter += 10 * i;
            child_exit(0);
        }
        xwait(pid);
        say("after child %d: counter %d\n", i, sh->counter);
    }

    pid_t pid = xfork();
    if (pid == 0) {
        pid_t g = xfork();
        if (g == 0) {
            strcpy(sh->msg, "written by the grandchild");
            child_exit(0);
        }
        xwait(g);
        munmap(sh, 3 * 4096);
        child_exit(0);
    }
    xwait(pid);
    say("after the grandchild and a child's munmap: msg \"%s\"\n", sh->msg);

    /* turn-taking over pipes */
    int to_c[2], to_p[2];
    CHECK(pipe(to_c));
    CHECK(pipe(to_p));
    sh->turns = 0;
    pid = xfork();
    if (pid == 0) {
        close(to_c[1]);
        close(to_p[0]);
        while (gate_pass(to_c[0])) {
            sh->turns += 1000; /* child adds thousands */
            gate_open(to_p[1]);
        }
        child_exit(0);
    }
    close(to_c[0]);
    close(to_p[1]);
    int ok = 1;
    for (int i = 0; i < 100; i++) {
        sh->turns += 1; /* parent adds ones */
        gate_open(to_c[1]);
        gate_pass(to_p[0]);
        if (sh->turns != (i + 1) * 1001) ok = 0;
    }
    close(to_c[1]);
    close(to_p[0]);
    xwait(pid);
    say("after 100 turns each: %d, in step every turn: %s\n", sh->turns, ok ? "yes" : "NO");

    /* concurrent writes to disjoint slices */
    size_t big = 1 << 20;
    unsigned char *buf = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) { say("mmap: %s\n", errname(errno)); return 1; }
    pid_t kids[4];
    for (int k = 0; k < 4; k++) {
        kids[k] = xfork();
        if (kids[k] == 0) {
            unsigned seed = 1000 + (unsigned)k;
            for (size_t i = k * big / 4; i < (k + 1) * big / 4; i++) buf[i] = (unsigned char)tl_rand(&seed);
            sh->slots[k] = k + 1;
            child_exit(0);
        }
    }
    for (int k = 0; k < 4; k++) xwait(kids[k]);
    say("slots %d %d %d %d, buffer fnv %08x\n", sh->slots[0], sh->slots[1], sh->slots[2], sh->slots[3],
        fnv1a(buf, big, FNV_INIT));
    CHECK(munmap(buf, big));
    CHECK(munmap(sh, 3 * 4096));
    return 0;
}
