/* lib_cage: the cage of the grate-library tests (lib_c_grate, lib_cpp_grate).
 * Prints geteuid (FAKE_EUID under those grates), whether getuid is a real
 * value, an unlink the grate refuses after reading its path, and a pipe
 * read the grate upper-cases. Exits with argv[1] (default 0). */
#include "gratetest.h"

int main(int argc, char **argv) {
    say("cage: geteuid %d\n", (int)geteuid());
    uid_t u = getuid();
    say("cage: getuid is a real value: %s\n", yn(u != FAKE_EUID && u == getuid()));
    int r = unlink("/lib-test/some/path");
    say("cage: unlink: %s\n", crc(r));
    int p[2];
    if (pipe(p) == -1) {
        say("cage: pipe: %s\n", crc(-1));
        return 1;
    }
    if (write(p[1], "hello", 5) != 5) say("cage: write to the pipe failed\n");
    char buf[16] = {0};
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    say("cage: read %d: %s\n", (int)n, n > 0 ? buf : "-");
    int code = argc > 1 ? atoi(argv[1]) : 0;
    say("cage: exiting %d\n", code);
    return code;
}
