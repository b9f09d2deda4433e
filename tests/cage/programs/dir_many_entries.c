/* A directory with 600 entries of varying name lengths: readdir must see
 * each exactly once (several getdents64 calls); unlink them all. */
#include "testlib.h"

int main(void) {
    CHECK(mkdir("big", 0755));
    char name[300];
    int made = 0;
    for (int i = 0; i < 600; i++) {
        int len = snprintf(name, sizeof name, "big/%04d_", i);
        int extra = (i * 37) % 200;
        for (int k = 0; k < extra; k++) name[len + k] = (char)('a' + (i + k) % 26);
        name[len + extra] = 0;
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) { made++; close(fd); }
        else printf("create %d: %s\n", i, errname(errno));
    }
    printf("created %d\n", made);
    DIR *d = opendir("big");
    char *seen = calloc(600, 1);
    int count = 0, dots = 0, dup = 0;
    unsigned h = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) { dots++; continue; }
        int idx = atoi(de->d_name);
        if (idx < 0 || idx >= 600) { printf("bad name\n"); continue; }
        if (seen[idx]) dup++;
        seen[idx] = 1;
        count++;
        h += fnv1a(de->d_name, strlen(de->d_name), FNV_INIT); /* order independent */
    }
    closedir(d);
    int missing = 0;
    for (int i = 0; i < 600; i++) missing += !seen[i];
    printf("readdir: %d names, %d dots, %d duplicates, %d missing, sum %08x\n", count, dots, dup, missing, h);
    d = opendir("big");
    int removed = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        snprintf(name, sizeof name, "big/%s", de->d_name);
        if (unlink(name) == 0) removed++;
    }
    closedir(d);
    printf("removed %d\n", removed);
    CHECK(rmdir("big"));
    free(seen);
    return 0;
}
