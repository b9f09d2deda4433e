/* Path forms inside the scratch dir: ".", "..", "//", "./", trailing
 * slashes, a/b/../c, dots inside names. */
#include "testlib.h"

int main(void) {
    CHECK(mkdir("a", 0755));
    CHECK(mkdir("a/b", 0755));
    put_file("a/c", "c");
    put_file("a/b/f.x.y", "dots");
    put_file("...", "three dots");
    show_file("a/b/../c");
    show_file("a//b///f.x.y");
    show_file("./a/./b/./f.x.y");
    show_file("a/b/../b/../../a/c");
    show_file("...");
    show_file("a/c/");
    show_file("a/c/.");
    show_file("a/c/..");
    struct stat st;
    CHECK(stat("a/b/", &st));
    CHECK(stat("a/b//", &st));
    CHECK(stat("a/b/.", &st));
    CHECK(stat("a/./b/..", &st));
    CHECK(stat("a/c/", &st));
    CHECK(stat("a/x/..", &st));
    CHECK(stat("a/c/..", &st));
    CHECK(stat(" a", &st));
    CHECK(stat("a ", &st));
    put_file("sp ace", "space");
    put_file("tab\tname", "tab");
    put_file("utf8-\xc3\xa9", "utf8");
    put_file("-dash", "dash");
    list_dir(".", 1);
    show_file("sp ace");
    show_file("utf8-\xc3\xa9");
    CHECK(mkdir("trail/", 0755));
    CHECK(rmdir("trail//"));
    return 0;
}
