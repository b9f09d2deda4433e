/* ENAMETOOLONG: a 255-byte component works, 256 does not; a path of
 * 4096 bytes or more fails; a symlink target of 4095 works, 4096 not. */
#include "testlib.h"

static char *rep(char c, int n) {
    char *s = malloc((size_t)n + 1);
    memset(s, c, (size_t)n);
    s[n] = 0;
    return s;
}

int main(void) {
    char *n255 = rep('a', 255), *n256 = rep('b', 256);
    int fd = CHECK(open(n255, O_WRONLY | O_CREAT, 0644));
    if (fd >= 0) close(fd);
    CHECK(open(n256, O_WRONLY | O_CREAT, 0644));
    CHECK(mkdir(n256, 0755));
    CHECK(access(n256, F_OK));
    struct stat st;
    CHECK(stat(n256, &st));
    CHECK(unlink(n256));
    CHECK(rename(n255, n256));
    CHECK(symlink("x", n256));
    CHECK(unlink(n255));
    /* long paths built of short components: "d/d/d/..." */
    char *p = malloc(5000);
    int len = 0;
    while (len < 4090) { p[len++] = 'd'; p[len++] = '/'; }
    p[len] = 0;
    printf("path length %d\n", len);
    CHECK(stat(p, &st));
    strcat(p, "dddddddddddd");
    printf("path length %zu\n", strlen(p));
    CHECK(stat(p, &st));
    CHECK(open(p, O_RDONLY));
    CHECK(chdir(p));
    /* "./" repeated keeps it resolvable but long */
    char *q = malloc(5000);
    q[0] = 0;
    for (int i = 0; i < 2040; i++) strcat(q, "./");
    strcat(q, "f");
    put_file("f", "found");
    printf("dot path length %zu\n", strlen(q));
    CHECK(stat(q, &st));
    strcat(q, "/./././././././././././.");
    CHECK(stat(q, &st));
    for (int i = 0; i < 30; i++) strcat(q, "/.");
    printf("dot path length %zu\n", strlen(q));
    CHECK(stat(q, &st));
    char *t4095 = rep('t', 4095), *t4096 = rep('u', 4096);
    CHECK(symlink(t4095, "l4095"));
    CHECK(symlink(t4096, "l4096"));
    CHECK(lstat("l4095", &st));
    printf("lstat size %lld\n", (long long)st.st_size);
    char *rb = malloc(5000);
    CHECK(readlink("l4095", rb, 5000));
    return 0;
}
