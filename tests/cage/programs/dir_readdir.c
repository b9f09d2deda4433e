/* opendir/readdir/rewinddir/closedir: names (sorted), d_type, counts;
 * errors. */
#include "testlib.h"

static const char *dt(unsigned char t) {
    switch (t) {
        case DT_REG: return "REG";
        case DT_DIR: return "DIR";
        case DT_LNK: return "LNK";
        case DT_UNKNOWN: return "UNKNOWN";
        default: return "OTHER";
    }
}

struct ent { char name[64]; const char *type; };
static int cmp(const void *a, const void *b) { return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name); }

static int scan(DIR *d, struct ent *e, int max) {
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && n < max) {
        snprintf(e[n].name, sizeof e[n].name, "%s", de->d_name);
        e[n].type = dt(de->d_type);
        n++;
    }
    qsort(e, (size_t)n, sizeof e[0], cmp);
    return n;
}

int main(void) {
    CHECK(mkdir("d", 0755));
    put_file("d/file1", "1");
    put_file("d/file2", "22");
    put_file("d/.hidden", "");
    CHECK(mkdir("d/sub", 0755));
    CHECK(symlink("file1", "d/link"));
    CHECK(symlink("nowhere", "d/dangling"));
    DIR *d = CHECK_PTR(opendir("d"));
    struct ent e[32];
    int n = scan(d, e, 32);
    printf("%d entries\n", n);
    for (int i = 0; i < n; i++) printf("  %s %s\n", e[i].name, e[i].type);
    printf("readdir at end: %s\n", readdir(d) == NULL ? "NULL" : "entry");
    rewinddir(d);
    n = scan(d, e, 32);
    printf("after rewinddir: %d entries\n", n);
    CHECK(closedir(d));
    d = CHECK_PTR(opendir("d/sub"));
    n = scan(d, e, 32);
    printf("empty dir: %d entries:", n);
    for (int i = 0; i < n; i++) printf(" %s", e[i].name);
    printf("\n");
    closedir(d);
    d = CHECK_PTR(opendir("d/file1"));
    d = CHECK_PTR(opendir("missing"));
    d = CHECK_PTR(opendir("d/link"));
    d = CHECK_PTR(opendir("."));
    n = scan(d, e, 32);
    printf("cwd: %d entries:", n);
    for (int i = 0; i < n; i++) printf(" %s", e[i].name);
    printf("\n");
    int fd = dirfd(d);
    printf("dirfd valid %d\n", fd >= 0);
    closedir(d);
    return 0;
}
