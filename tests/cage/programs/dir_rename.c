/* rename on directories: into place, over an empty directory, over a
 * non-empty one, into its own subtree, file over dir, dir over file. */
#include "testlib.h"

int main(void) {
    CHECK(mkdir("d1", 0755));
    put_file("d1/f", "one");
    CHECK(mkdir("empty", 0755));
    CHECK(mkdir("full", 0755));
    put_file("full/x", "x");
    put_file("file", "file");
    CHECK(rename("d1", "d2"));
    show_file("d2/f");
    CHECK(rename("d2", "empty"));
    show_file("empty/f");
    CHECK(access("d2", F_OK));
    CHECK(rename("empty", "full"));
    CHECK(rename("full", "full/sub"));
    CHECK(rename("full", "full/"));
    CHECK(rename("file", "full"));
    CHECK(rename("full", "file"));
    CHECK(rename("full/", "full2/"));
    CHECK(rename("file/", "file2"));
    CHECK(rename(".", "dot"));
    CHECK(rename("full2", "."));
    CHECK(mkdir("full2/inner", 0755));
    CHECK(rename("full2/inner", "inner"));
    CHECK(rename("inner", "full2/inner/deeper"));
    CHECK(rename("full2", "full2"));
    list_dir(".", 1);
    list_dir("full2", 1);
    return 0;
}
