/* access/faccessat for F_OK/R_OK/W_OK/X_OK on files of several modes
 * (the result depends on the user, which is the same for both runs), and
 * the errors. */
#include "testlib.h"

static void acc(const char *p) {
    printf("%-10s F:%d R:%d W:%d X:%d RW:%d\n", p, access(p, F_OK), access(p, R_OK), access(p, W_OK),
           access(p, X_OK), access(p, R_OK | W_OK));
}

int main(void) {
    const int modes[] = {0000, 0400, 0200, 0100, 0644, 0755, 0111, 0777};
    char name[32];
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        snprintf(name, sizeof name, "m%04o", modes[i]);
        put_file(name, "#!/bin/sh\n");
        chmod(name, (mode_t)modes[i]);
        acc(name);
    }
    mkdir("d", 0755);
    acc("d");
    mkdir("d0", 0);
    acc("d0");
    CHECK(access("missing", F_OK));
    CHECK(access("m0644/x", F_OK));
    CHECK(access("", F_OK));
    CHECK(access("m0644", 0x40));
    CHECK(faccessat(AT_FDCWD, "m0644", R_OK, 0));
    CHECK(faccessat(AT_FDCWD, "m0644", R_OK, AT_EACCESS));
    symlink("missing", "dl");
    CHECK(access("dl", F_OK));
    CHECK(faccessat(AT_FDCWD, "dl", F_OK, AT_SYMLINK_NOFOLLOW));
    CHECK(faccessat(AT_FDCWD, "m0644", R_OK, 0x1000000));
    printf("euid==uid %d\n", geteuid() == getuid());
    return 0;
}
