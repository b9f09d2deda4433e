/* testing-grate: makes chosen syscalls of the program it runs (and of its
 * descendants) return constants, or passes them through; for composing
 * tests of other grates.
 *   testing-grate -s NR:CONST|NR:[,...] [-s ...] PROGRAM [ARGS...]
 * NR:CONST  -- call NR returns CONST without running (a CONST in -4095..-1
 *              reaches the program as that Linux errno: -13 is EACCES);
 * NR:       -- call NR is forwarded unchanged (to the grate above, or the
 *              runtime).
 * NR is 0..1024. README.md has the details. */
#include <lind_grate.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TG_MAX_NR 1024

enum { UNSET, CONSTANT, PASS };
static unsigned char mode[TG_MAX_NR + 1];
static int constant[TG_MAX_NR + 1];

/* What a handler returns so that the program receives c: the runtime maps
 * a handler's -errno from this C library's numbering to Linux's, and takes
 * -(1000 + n) to mean Linux errno n as is. */
static int result_for(int c) {
    if (c < 0 && c >= -4095) return -(1000 + -c);
    return c;
}

static int dispatch(int nr, LIND_GRATE_PARAMS) {
    if (mode[nr] == CONSTANT) return result_for(constant[nr]);
    return LIND_GRATE_FORWARD((uint64_t)nr);
}

/* A handler gets no call number, so there is one per number: h_TABC for
 * number TABC (digits), generated below for 0..1099. */
#define TG_H(t, a, b, c)                                                                           \
    LIND_GRATE_HANDLER(h_##t##a##b##c) {                                                           \
        return dispatch(t * 1000 + a * 100 + b * 10 + c, LIND_GRATE_ARGS);                          \
    }
#define TG_R(t, a, b, c) h_##t##a##b##c,
#define TG_10(M, t, a, b) M(t, a, b, 0) M(t, a, b, 1) M(t, a, b, 2) M(t, a, b, 3) M(t, a, b, 4) \
    M(t, a, b, 5) M(t, a, b, 6) M(t, a, b, 7) M(t, a, b, 8) M(t, a, b, 9)
#define TG_100(M, t, a) TG_10(M, t, a, 0) TG_10(M, t, a, 1) TG_10(M, t, a, 2) TG_10(M, t, a, 3) \
    TG_10(M, t, a, 4) TG_10(M, t, a, 5) TG_10(M, t, a, 6) TG_10(M, t, a, 7) TG_10(M, t, a, 8)  \
    TG_10(M, t, a, 9)
#define TG_1100(M) TG_100(M, 0, 0) TG_100(M, 0, 1) TG_100(M, 0, 2) TG_100(M, 0, 3) TG_100(M, 0, 4) \
    TG_100(M, 0, 5) TG_100(M, 0, 6) TG_100(M, 0, 7) TG_100(M, 0, 8) TG_100(M, 0, 9)          \
    TG_100(M, 1, 0)

TG_1100(TG_H)
static const lind_grate_handler handlers[] = {TG_1100(TG_R)};
_Static_assert(sizeof handlers / sizeof handlers[0] > TG_MAX_NR, "a handler per number");

static int usage(void) {
    fprintf(stderr, "usage: testing-grate -s NR:CONST|NR:[,...] [-s ...] PROGRAM [ARGS...]\n");
    return 2;
}

/* Parses "NR:CONST,NR:,..." into mode/constant; 0 or -1 (reported). */
static int parse_spec(const char *spec) {
    char *copy = strdup(spec);
    if (!copy) return -1;
    int r = 0;
    for (char *item = strtok(copy, ","); item; item = strtok(NULL, ",")) {
        char *colon = strchr(item, ':'), *end;
        if (!colon || colon == item) {
            fprintf(stderr, "testing-grate: \"%s\": expected NR:CONST or NR:\n", item);
            r = -1;
            break;
        }
        *colon = 0;
        errno = 0;
        long nr = strtol(item, &end, 10);
        if (*end || errno || nr < 0 || nr > TG_MAX_NR) {
            fprintf(stderr, "testing-grate: \"%s\": the syscall number must be 0..%d\n", item, TG_MAX_NR);
            r = -1;
            break;
        }
        if (colon[1] == 0) {
            mode[nr] = PASS;
            continue;
        }
        errno = 0;
        long c = strtol(colon + 1, &end, 10);
        if (*end || errno || c < INT_MIN || c > INT_MAX) {
            fprintf(stderr, "testing-grate: \"%s\": the constant must be a 32-bit decimal integer\n",
                    colon + 1);
            r = -1;
            break;
        }
        mode[nr] = CONSTANT;
        constant[nr] = (int)c;
    }
    free(copy);
    return r;
}

static int register_all(uint64_t child, void *arg) {
    (void)arg;
    uint64_t me = (uint64_t)getpid();
    for (int nr = 0; nr <= TG_MAX_NR; nr++) {
        if (mode[nr] == UNSET) continue;
        int r = register_handler(child, (uint64_t)nr, me, (uint64_t)(uintptr_t)handlers[nr]);
        if (r != 0) {
            fprintf(stderr, "testing-grate: register_handler(%d): %s\n", nr, strerror(-r));
            return r;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    int i = 1, specs = 0;
    while (i < argc) {
        const char *spec = NULL;
        if (strcmp(argv[i], "-s") == 0) {
            if (i + 1 >= argc) return usage();
            spec = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "-s", 2) == 0) {
            spec = argv[i] + 2;
            i++;
        } else {
            break;
        }
        if (parse_spec(spec) != 0) return 2;
        specs++;
    }
    if (i >= argc || specs == 0) return usage();
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_preexec(&g, register_all, NULL);
    return lind_grate_run(&g, &argv[i]);
}
