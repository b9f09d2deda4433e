/* geteuid-grate: every geteuid of the program it runs (and of that
 * program's children) returns 10. The smallest useful grate, written with
 * the grate library.
 *   geteuid-grate PROGRAM [ARGS...] */
#include <lind_grate.h>
#include <stdio.h>

LIND_GRATE_HANDLER(fake_geteuid) {
    LIND_GRATE_UNUSED_ARGS;
    return 10;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: geteuid-grate PROGRAM [ARGS...]\n");
        return 2;
    }
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_geteuid, fake_geteuid);
    return lind_grate_run(&g, &argv[1]);
}
