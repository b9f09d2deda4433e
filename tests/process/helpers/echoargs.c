/* helper bin/echoargs: prints its argc, every argv[i] and every environ
 * entry (escaped, in order), and whether it got a fresh copy of its
 * globals. Exits with $EXIT_CODE if set (else 0). An exec target. */
#include "../programs/proctest.h"

extern char **environ;
static int initialised = 7;

static void show(const char *label, const char *s) {
    printf("%s <", label);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') printf("\\n");
        else if (*p == '\t') printf("\\t");
        else if (*p < 32 || *p >= 127) printf("\\x%02x", *p);
        else putchar(*p);
    }
    printf(">\n");
}

int main(int argc, char **argv) {
    printf("echoargs: argc=%d initialised=%d\n", argc, initialised);
    for (int i = 0; i < argc; i++) {
        char label[32];
        snprintf(label, sizeof label, "  argv[%d]", i);
        show(label, argv[i]);
    }
    printf("  argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "NO");
    int n = 0;
    for (char **e = environ; e && *e; e++, n++) show("  env", *e);
    printf("  environ entries: %d\n", n);
    const char *code = getenv("EXIT_CODE");
    fflush(stdout);
    return code ? atoi(code) : 0;
}
