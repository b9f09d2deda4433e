/* One octal option before the program, as fchmod-grate (--mask) and
 * umask-grate (--force-bits) take it: `--NAME OCTAL`, `--NAME=OCTAL`, the
 * last one winning, then an optional `--`, then PROGRAM [ARGS...]. */
#ifndef GRATES_OCTAL_OPTION_H
#define GRATES_OCTAL_OPTION_H

#include <stdint.h>

struct octal_option {
    const char *grate; /* for messages: "fchmod-grate" */
    const char *name;  /* "--mask" */
    const char *what;  /* "mode (0-7777)", for "not an octal ..." */
    const char *usage; /* the usage line */
    uint64_t max;      /* largest value */
    int max_digits;    /* longest spelling (a leading 0 allowed) */
};

/* Parses argv into *value; returns the index of PROGRAM, or 0 after
 * printing why on stderr (the grate then exits 2). */
int parse_octal_option(const struct octal_option *o, int argc, char **argv, uint64_t *value);

#endif
