/* proc_cage: runs under proc_grate (fork, execve, exit, exit_group, mmap
 * forwarded; fork returns pid + 1000 to the parent).
 *
 * - fork through the grate: the child is a copy of this cage (not of the
 *   grate), gets 0 and the cage as parent; the parent gets the real pid +
 *   1000 (waitpid on that value: ECHILD; on the real pid: the child's
 *   exit status, which went through the grate's exit_group);
 * - mmap through the grate: the mapping is the cage's, usable; a bad
 *   mmap's error comes back;
 * - execve through the grate: a failing one returns ENOENT to the cage; a
 *   successful one replaces the cage's program (argv arrives), and the
 *   new program's exit status reaches the grate's waitpid. */
#include <sys/mman.h>

#include "gratetest.h"

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "phase2") == 0) {
        say("cage (exec'd): argc %d, argv[1] %s\n", argc, argv[1]);
        exit(7);
    }
    int p2c[2], c2p[2];
    if (pipe(p2c) == -1 || pipe(c2p) == -1) {
        say("pipe: %s\n", crc(-1));
        return 1;
    }
    pid_t parent = getpid();
    pid_t ret = fork();
    if (ret == -1) {
        say("cage: fork: %s\n", crc(-1));
        return 1;
    }
    if (ret == 0) {
        if (gate_wait(p2c[0]) != 0) _exit(98);
        say("child: fork returned 0; getppid() is the cage: %s\n", yn(getppid() == parent));
        pid_t me = getpid();
        if (write(c2p[1], &me, sizeof me) != sizeof me) _exit(97);
        exit(5);
    }
    gate_pass(p2c[1]);
    pid_t real = 0;
    if (read(c2p[0], &real, sizeof real) != sizeof real) say("cage: no pid from the child\n");
    /* Reap the child before printing: its exit_group handler prints. */
    int cst = wait_for(real);
    int st;
    pid_t w = waitpid(ret, &st, 0);
    const char *werr = w == -1 ? errname(errno) : "succeeded?";
    say("cage: fork returned the child's pid + 1000: %s\n", yn(ret == real + 1000));
    say("cage: waitpid(what fork returned): %s\n", werr);
    say("cage: waitpid(the child's pid): %s\n", wstatus(cst));

    size_t len = 3 * 65536;
    unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        say("cage: mmap: %s\n", crc(-1));
    } else {
        int zero = 1;
        for (size_t i = 0; i < len; i++) zero &= m[i] == 0;
        for (size_t i = 0; i < len; i++) m[i] = (unsigned char)(i * 7);
        int same = 1;
        for (size_t i = 0; i < len; i++) same &= m[i] == (unsigned char)(i * 7);
        say("cage: mapping zeroed: %s, written and read back: %s, munmap: %s\n", yn(zero), yn(same),
            crc(munmap(m, len)));
    }
    void *bad = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    say("cage: mmap(len 0): %s\n", bad == MAP_FAILED ? crc(-1) : "succeeded?");

    char *none[] = {"/no-such-program.cwasm", NULL};
    say("cage: execv(/no-such-program.cwasm): %s\n", crc(execv(none[0], none)));

    char *args[] = {argv[0], "phase2", NULL};
    execv(argv[0], args);
    say("cage: execv: %s\n", crc(-1));
    return 1;
}
