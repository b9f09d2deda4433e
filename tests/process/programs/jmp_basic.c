/* setjmp/longjmp: setjmp returns 0 first, then the value given to
 * longjmp (longjmp(env, 0) returns 1); volatile locals keep values
 * changed after setjmp; a longjmp out of 200 nested calls (each with
 * locals) unwinds them all; 10000 jumps in a loop do not leak stack;
 * jumping from a function called through a pointer; the jmp_buf can
 * live in a struct on the heap. */
#include "proctest.h"
#include <setjmp.h>

static jmp_buf env;
static int depth_reached;

static void dive(int depth, int limit) {
    volatile char pad[64];
    pad[0] = (char)depth;
    depth_reached = depth + pad[0] - (char)depth;
    if (depth == limit) longjmp(env, depth);
    if (depth > limit) return; /* never: keeps compilers from calling this endless */
    dive(depth + 1, limit);
    pad[1] = 0; /* not reached */
}

static void jump_with(int v) { longjmp(env, v); }
static void (*volatile fp)(int) = jump_with;

struct ctx {
    int before;
    jmp_buf jb;
    int after;
};

static void from_heap(struct ctx *c) { longjmp(c->jb, 77); }

int main(int argc, char **argv) {
    proc_init(argc, argv);
    volatile int counter = 0;
    int r = setjmp(env);
    say("setjmp returned %d (counter %d)\n", r, counter);
    counter++;
    if (r == 0) longjmp(env, 5);
    if (r == 5) longjmp(env, 0);
    /* r == 1 here */

    r = setjmp(env);
    if (r == 0) dive(0, 200);
    say("out of the dive: setjmp returned %d, deepest %d\n", r, depth_reached);

    volatile int loops = 0;
    r = setjmp(env);
    if (loops < 10000) {
        loops++;
        longjmp(env, loops);
    }
    say("10000 jumps: last value %d\n", r);

    r = setjmp(env);
    if (r == 0) fp(42);
    say("through a function pointer: %d\n", r);

    struct ctx *c = malloc(sizeof *c);
    c->before = 1;
    c->after = 2;
    r = setjmp(c->jb);
    if (r == 0) from_heap(c);
    say("jmp_buf on the heap: %d, neighbours %d %d\n", r, c->before, c->after);
    free(c);
    return 0;
}
