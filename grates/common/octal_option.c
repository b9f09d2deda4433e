#include "octal_option.h"

#include <stdio.h>
#include <string.h>

static int parse_octal(const char *s, const struct octal_option *o, uint64_t *out) {
    size_t n = strlen(s);
    if (n == 0 || n > (size_t)o->max_digits) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '7') return -1;
        v = v * 8 + (uint64_t)(s[i] - '0');
    }
    if (v > o->max) return -1;
    *out = v;
    return 0;
}

static int usage(const struct octal_option *o) {
    fprintf(stderr, "%s\n", o->usage);
    return 0;
}

int parse_octal_option(const struct octal_option *o, int argc, char **argv, uint64_t *value) {
    const size_t len = strlen(o->name);
    int i = 1;
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        const char *val;
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], o->name) == 0) {
            if (i + 1 >= argc) return usage(o);
            val = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], o->name, len) == 0 && argv[i][len] == '=') {
            val = argv[i] + len + 1;
            i++;
        } else {
            fprintf(stderr, "%s: unknown option %s\n", o->grate, argv[i]);
            return usage(o);
        }
        if (parse_octal(val, o, value) != 0) {
            fprintf(stderr, "%s: %s: not an octal %s: %s\n", o->grate, o->name, o->what, val);
            return 0;
        }
    }
    if (i >= argc) return usage(o);
    return i;
}
