/* scandir with a filter and alphasort, fdopendir, dirfd, telldir/seekdir
 * round trip (positions are opaque: only the resumed name is printed). */
#include "testlib.h"

static int only_txt(const struct dirent *d) {
    size_t n = strlen(d->d_name);
    return n > 4 && strcmp(d->d_name + n - 4, ".txt") == 0;
}

int main(void) {
    CHECK(mkdir("s", 0755));
    const char *names[] = {"b.txt", "a.txt", "c.dat", "Z.txt", "a.md", "aa.txt", "10.txt", "9.txt"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[64];
        snprintf(p, sizeof p, "s/%s", names[i]);
        put_file(p, names[i]);
    }
    struct dirent **list;
    int n = CHECK(scandir("s", &list, only_txt, alphasort));
    for (int i = 0; i < n; i++) { printf("  %s\n", list[i]->d_name); free(list[i]); }
    free(list);
    n = CHECK(scandir("s", &list, NULL, alphasort));
    for (int i = 0; i < n; i++) { printf("  %s\n", list[i]->d_name); free(list[i]); }
    free(list);
    CHECK(scandir("missing", &list, NULL, alphasort));
    int fd = CHECK(open("s", O_RDONLY | O_DIRECTORY));
    DIR *d = CHECK_PTR(fdopendir(fd));
    printf("dirfd same %d\n", dirfd(d) == fd);
    struct dirent *de;
    de = readdir(d);
    de = readdir(d);
    long pos = telldir(d);
    de = readdir(d);
    char third[256];
    snprintf(third, sizeof third, "%s", de ? de->d_name : "(none)");
    readdir(d);
    readdir(d);
    seekdir(d, pos);
    de = readdir(d);
    printf("seekdir resumes at the same entry: %d\n", de && strcmp(de->d_name, third) == 0);
    CHECK(closedir(d));
    CHECK(close(fd));
    int f = CHECK(open("s/a.txt", O_RDONLY));
    d = CHECK_PTR(fdopendir(f));
    d = CHECK_PTR(fdopendir(-1));
    return 0;
}
