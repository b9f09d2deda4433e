/* renameat2: RENAME_NOREPLACE and RENAME_EXCHANGE, bad flags. */
#include "testlib.h"
#include <stdio.h>
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#endif

int main(void) {
    put_file("a", "A");
    put_file("b", "B");
    CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE));
    CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE));
    show_file("c");
    CHECK(renameat2(AT_FDCWD, "c", AT_FDCWD, "b", RENAME_EXCHANGE));
    show_file("b");
    show_file("c");
    CHECK(renameat2(AT_FDCWD, "c", AT_FDCWD, "zz", RENAME_EXCHANGE));
    CHECK(renameat2(AT_FDCWD, "c", AT_FDCWD, "b", RENAME_EXCHANGE | RENAME_NOREPLACE));
    CHECK(renameat2(AT_FDCWD, "c", AT_FDCWD, "b", 0x100));
    CHECK(renameat2(AT_FDCWD, "c", AT_FDCWD, "b", 0));
    show_file("b");
    CHECK(mkdir("d", 0755));
    CHECK(renameat2(AT_FDCWD, "d", AT_FDCWD, "b", RENAME_EXCHANGE));
    struct stat st;
    CHECK(stat("b", &st));
    printf("b is dir %d\n", S_ISDIR(st.st_mode));
    show_file("d");
    return 0;
}
