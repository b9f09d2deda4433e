/* CONFINEMENT (lind only): loops and chains of symlinks, including ones
 * mixing ".." and "/", end in ELOOP (or resolve inside), never hang. */
#include "testlib.h"

int main(void) {
    CHECK(symlink("b", "a"));
    CHECK(symlink("a", "b"));
    CHECK(symlink("/loop1", "loop1"));
    CHECK(symlink("../../loop2/x", "loop2"));
    CHECK(mkdir("d", 0755));
    CHECK(symlink("../d/self/..", "d/self"));
    CHECK(symlink("/d/up/../up", "d/up"));
    struct stat st;
    CHECK(open("a", O_RDONLY));
    CHECK(open("loop1", O_RDONLY));
    CHECK(open("loop2", O_RDONLY));
    CHECK(stat("d/self", &st));
    CHECK(stat("d/up", &st));
    CHECK(open("a", O_WRONLY | O_CREAT, 0644));
    CHECK(open("loop1/ESCAPE_loop", O_WRONLY | O_CREAT, 0644));
    CHECK(chdir("loop2"));
    CHECK(opendir("d/self") ? 0 : -1);
    /* 40 links are allowed, 41 are too many */
    char from[16], to[16];
    put_file("end", "end of chain");
    for (int i = 1; i <= 41; i++) {
        snprintf(from, sizeof from, "/c%02d", i);
        snprintf(to, sizeof to, i == 1 ? "/end" : "/c%02d", i - 1);
        symlink(to, from);
    }
    show_file("c40");
    show_file("c41");
    list_dir("/", 1);
    return 0;
}
