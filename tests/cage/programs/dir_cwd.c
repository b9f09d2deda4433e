/* getcwd/chdir/fchdir (printed relative to the start directory), relative
 * opens after chdir, errors, getcwd buffer sizes. */
#include "testlib.h"

int main(void) {
    tl_cwd_init();
    printf("cwd %s\n", rel_cwd());
    CHECK(mkdir("a", 0755));
    CHECK(mkdir("a/b", 0755));
    CHECK(mkdir("a/b/c", 0755));
    put_file("a/b/file", "in b");
    CHECK(chdir("a/b"));
    printf("cwd %s\n", rel_cwd());
    show_file("file");
    CHECK(chdir("c"));
    printf("cwd %s\n", rel_cwd());
    CHECK(chdir("../.."));
    printf("cwd %s\n", rel_cwd());
    CHECK(chdir("./b/./c/../c"));
    printf("cwd %s\n", rel_cwd());
    CHECK(chdir("missing"));
    CHECK(chdir("../file"));
    CHECK(chdir(""));
    printf("cwd %s\n", rel_cwd());
    int fd = CHECK(open("..", O_RDONLY | O_DIRECTORY));
    CHECK(chdir("../../.."));
    printf("cwd %s\n", rel_cwd());
    CHECK(fchdir(fd));
    printf("cwd after fchdir %s\n", rel_cwd());
    CHECK(close(fd));
    int f = CHECK(open("file", O_RDONLY));
    CHECK(fchdir(f));
    CHECK(close(f));
    CHECK(fchdir(f));
    CHECK(symlink("c", "clink"));
    CHECK(chdir("clink"));
    printf("cwd via symlink %s\n", rel_cwd());
    put_file("made-here", "x");
    CHECK(chdir(".."));
    list_dir("c", 1);
    char small[2];
    char *p = getcwd(small, sizeof small);
    printf("getcwd(small) %s %s\n", p ? "ok" : "NULL", p ? "" : errname(errno));
    p = getcwd(small, 0);
    printf("getcwd(size 0) %s %s\n", p ? "ok" : "NULL", p ? "" : errname(errno));
    p = getcwd(NULL, 0);
    printf("getcwd(NULL,0) %s\n", p ? "allocated" : errname(errno));
    free(p);
    char *g = get_current_dir_name();
    printf("get_current_dir_name %s\n", g ? "ok" : errname(errno));
    free(g);
    return 0;
}
