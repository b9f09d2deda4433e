/* Build a nested tree, walk it recursively (sorted), then remove it
 * bottom-up. */
#include "testlib.h"

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void walk(const char *path, int depth, long long *bytes, int *files, int *dirs) {
    DIR *d = opendir(path);
    if (!d) { printf("opendir %s %s\n", path, errname(errno)); return; }
    char *names[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 64)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) names[n++] = strdup(de->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    for (int i = 0; i < n; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", path, names[i]);
        struct stat st;
        if (lstat(p, &st) != 0) { printf("lstat %s %s\n", p, errname(errno)); continue; }
        printf("%*s%s%s", depth * 2, "", names[i], S_ISDIR(st.st_mode) ? "/" : S_ISLNK(st.st_mode) ? "@" : "");
        if (S_ISREG(st.st_mode)) { printf(" %lld\n", (long long)st.st_size); *bytes += st.st_size; (*files)++; }
        else printf("\n");
        if (S_ISDIR(st.st_mode)) { (*dirs)++; walk(p, depth + 1, bytes, files, dirs); }
        free(names[i]);
    }
}

static int rmtree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *de;
        char *names[64];
        int n = 0;
        while ((de = readdir(d)) && n < 64)
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) names[n++] = strdup(de->d_name);
        closedir(d);
        for (int i = 0; i < n; i++) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s", path, names[i]);
            rmtree(p);
            free(names[i]);
        }
        return rmdir(path);
    }
    return unlink(path);
}

int main(void) {
    char path[512] = "root";
    CHECK(mkdir("root", 0755));
    for (int depth = 1; depth <= 6; depth++) {
        for (int k = 0; k < 3; k++) {
            char f[600];
            snprintf(f, sizeof f, "%s/file%d_%d.txt", path, depth, k);
            char content[64];
            snprintf(content, sizeof content, "%*s", depth * 10 + k, "x");
            put_file(f, content);
        }
        char side[600];
        snprintf(side, sizeof side, "%s/side%d", path, depth);
        mkdir(side, 0755);
        size_t len = strlen(path);
        snprintf(path + len, sizeof path - len, "/level%d", depth);
        if (mkdir(path, 0755) != 0) printf("mkdir %s %s\n", path, errname(errno));
    }
    CHECK(symlink("../file1_0.txt", "root/level1/up"));
    long long bytes = 0;
    int files = 0, dirs = 0;
    printf("root/\n");
    walk("root", 1, &bytes, &files, &dirs);
    printf("%d files, %d dirs, %lld bytes\n", files, dirs, bytes);
    CHECK(rmdir("root"));
    CHECK(rmtree("root"));
    CHECK(access("root", F_OK));
    list_dir(".", 0);
    return 0;
}
