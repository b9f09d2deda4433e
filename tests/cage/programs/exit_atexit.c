/* atexit handlers run in reverse order after main returns, can print,
 * and one registered from inside a handler runs too; status from main. */
#include "testlib.h"

static void h3(void) { printf("handler registered last-in runs first (3)\n"); }
static void h2(void) { printf("handler 2\n"); }
static void late(void) { printf("late handler (registered by handler 1)\n"); }
static void h1(void) {
    printf("handler 1\n");
    atexit(late);
}

int main(void) {
    CHECK(atexit(h1));
    CHECK(atexit(h2));
    CHECK(atexit(h3));
    printf("main returns 5\n");
    return 5;
}
