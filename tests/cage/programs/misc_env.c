/* The environment the runner gives (A=1 B=2 "C=with space" EMPTY=):
 * environ sorted, getenv, setenv/unsetenv/putenv, clearenv. */
#include "testlib.h"

extern char **environ;

static void dump(const char *label) {
    int n = 0;
    while (environ && environ[n]) n++;
    char **copy = malloc(sizeof(char *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) copy[i] = environ[i];
    qsort(copy, (size_t)n, sizeof *copy, tl_strcmp_p);
    printf("%s (%d):", label, n);
    for (int i = 0; i < n; i++) printf(" [%s]", copy[i]);
    printf("\n");
    free(copy);
}

int main(void) {
    dump("environ");
    const char *vars[] = {"A", "B", "C", "EMPTY", "MISSING", "PATH", "HOME"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        printf("getenv(%s) = %s%s%s\n", vars[i], v ? "[" : "NULL", v ? v : "", v ? "]" : "");
    }
    CHECK(setenv("NEW", "value", 0));
    CHECK(setenv("A", "changed", 0));
    CHECK(setenv("B", "changed", 1));
    CHECK(setenv("", "x", 1));
    CHECK(setenv("BAD=NAME", "x", 1));
    CHECK(unsetenv("C"));
    CHECK(unsetenv("NOT_THERE"));
    CHECK(unsetenv("BAD=NAME"));
    static char pe[] = "PUT=env";
    CHECK(putenv(pe));
    dump("after changes");
    CHECK(clearenv());
    dump("after clearenv");
    printf("getenv(A) after clearenv %s\n", getenv("A") ? "set" : "NULL");
    CHECK(setenv("ONLY", "1", 1));
    dump("after setenv");
    return 0;
}
