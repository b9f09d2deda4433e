/* geteuid-grate: every geteuid of the program it runs (and of that
 * program's children) returns 10. The smallest useful grate, written with
 * the grate library.
 *   geteuid-grate PROGRAM [ARGS...] */
#include <lind_grate.h>
#include <stdio.h>

static int fake_geteuid(uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2, uint64_t a2cage, uint64_t a3,
                        uint64_t a3cage, uint64_t a4, uint64_t a4cage, uint64_t a5, uint64_t a5cage, uint64_t a6,
                        uint64_t a6cage) {
    (void)grate, (void)a1, (void)a1cage, (void)a2, (void)a2cage, (void)a3, (void)a3cage;
    (void)a4, (void)a4cage, (void)a5, (void)a5cage, (void)a6, (void)a6cage;
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
