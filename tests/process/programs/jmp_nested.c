/* Nested setjmp/longjmp used as exceptions: a stack of jmp_bufs (TRY /
 * THROW / CATCH macros); an inner handler catches, another rethrows to
 * the outer one; throws from deep recursion; a handler that itself
 * throws; jumping to an outer buffer skips the inner frames entirely;
 * the same jmp_buf reused after its frame was re-entered. */
#include "proctest.h"
#include <setjmp.h>

static jmp_buf *stack[16];
static int top = -1;
static char trace[256];

static void note(const char *s) {
    strncat(trace, s, sizeof trace - strlen(trace) - 1);
}

static void throw_(int code) {
    if (top < 0) {
        say("uncaught %d\n", code);
        exit(3);
    }
    longjmp(*stack[top--], code);
}

#define TRY(jb) \
    jmp_buf jb; \
    stack[++top] = &jb; \
    int jb##_code = setjmp(jb); \
    if (jb##_code == 0)
#define END_TRY() top--

static int recurse(int n, int at) {
    volatile int local = n;
    if (n == at) throw_(100 + n);
    if (n > at) return 0; /* never: keeps compilers from calling this endless */
    return recurse(n + 1, at) + local;
}

static void level3(int code) {
    note("L3 ");
    throw_(code);
    note("never ");
}

static void level2(int code) {
    TRY(j2) {
        note("L2try ");
        level3(code);
        END_TRY();
    } else {
        note("L2catch ");
        if (j2_code >= 10) throw_(j2_code * 2); /* rethrow outward */
    }
    note("L2end ");
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    for (int code = 1; code <= 20; code += 19) {
        trace[0] = 0;
        TRY(j1) {
            note("L1try ");
            level2(code);
            note("L1after ");
            END_TRY();
        } else {
            note("L1catch ");
            say("outer caught %d\n", j1_code);
        }
        say("code %d: %s\n", code, trace);
    }

    for (int at = 0; at < 300; at += 149) {
        TRY(jr) {
            recurse(0, at);
            END_TRY();
        } else {
            say("caught %d from depth %d\n", jr_code, at);
        }
    }
    say("handler stack empty again: %s\n", top == -1 ? "yes" : "NO");

    /* a catch handler that throws to an outer one */
    TRY(outer) {
        TRY(inner) {
            throw_(7);
        } else {
            say("inner caught %d, throwing 8\n", inner_code);
            throw_(8);
        }
    } else {
        say("outer caught %d\n", outer_code);
    }
    say("handler stack empty again: %s\n", top == -1 ? "yes" : "NO");
    return 0;
}
