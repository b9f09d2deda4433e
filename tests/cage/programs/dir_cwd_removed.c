/* The working directory removed under the program: getcwd fails with
 * ENOENT, creating files in it fails, ".." still leads back. */
#include "testlib.h"

int main(void) {
    tl_cwd_init();
    CHECK(mkdir("a", 0755));
    CHECK(mkdir("a/gone", 0755));
    CHECK(chdir("a/gone"));
    printf("cwd %s\n", rel_cwd());
    CHECK(rmdir("../gone"));
    char buf[4096];
    char *p = getcwd(buf, sizeof buf);
    printf("getcwd in removed dir: %s\n", p ? "ok" : errname(errno));
    CHECK(open("x", O_WRONLY | O_CREAT, 0644));
    CHECK(mkdir("sub", 0755));
    struct stat st;
    CHECK(stat(".", &st));
    printf("nlink of removed dir %ld\n", (long)st.st_nlink);
    DIR *d = CHECK_PTR(opendir("."));
    if (d) {
        int n = 0;
        while (readdir(d)) n++;
        printf("entries in removed dir %d\n", n);
        closedir(d);
    }
    CHECK(chdir(".."));
    printf("cwd %s\n", rel_cwd());
    list_dir(".", 1);
    return 0;
}
