/* strace.h: the parts of strace-grate shared between its files. */
#ifndef STRACE_GRATE_H
#define STRACE_GRATE_H

struct errname {
    int value;           /* errno in this C library's numbering */
    const char *name;    /* Linux's name, e.g. "ENOENT" */
    const char *message; /* glibc's strerror text */
};

/* The entry for errno e (this library's numbering), or NULL. */
const struct errname *errname_of(int e);

#endif
