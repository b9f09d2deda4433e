/* lind_grate.h's handler macros compile cleanly as C99 and as C++
 * (-Wall -Wextra -Werror, -pedantic); run-tests builds it both ways. */
#include <errno.h>
#include <lind_grate.h>

LIND_GRATE_HANDLER(deny) {
    LIND_GRATE_UNUSED_ARGS;
    return -EPERM;
}

static int forward_as(uint64_t nr, LIND_GRATE_PARAMS) { return LIND_GRATE_FORWARD(nr); }

LIND_GRATE_HANDLER(umask_077) {
    a1 |= 077;
    return forward_as(LIND_SYS_umask, LIND_GRATE_ARGS);
}

LIND_GRATE_HANDLER(passthrough) {
    if (a1cage == grate) return make_threei_call(LIND_SYS_getpid, 0, grate, a1cage, LIND_GRATE_CALL_ARGS, 0);
    return LIND_GRATE_FORWARD(LIND_SYS_getpid);
}

int main(int argc, char **argv) {
    struct lind_grate g;
    if (argc < 2) return 2;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_unlink, deny);
    lind_grate_register(&g, LIND_SYS_umask, umask_077);
    lind_grate_register(&g, LIND_SYS_getpid, passthrough);
    return lind_grate_run(&g, &argv[1]);
}
