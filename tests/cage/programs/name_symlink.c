/* symlink/readlink: contents (no NUL, truncation), relative targets
 * resolved from the link's directory, dangling links, O_CREAT through a
 * dangling link creates the target, errors. */
#include "testlib.h"

static void rl(const char *p, size_t sz) {
    char buf[128];
    memset(buf, '#', sizeof buf);
    errno = 0;
    ssize_t n = readlink(p, buf, sz);
    if (n < 0) printf("readlink(%s, %zu) = -1 %s\n", p, sz, errname(errno));
    else printf("readlink(%s, %zu) = %zd \"%.*s\" next byte '%c'\n", p, sz, n, (int)n, buf, buf[n]);
}

int main(void) {
    put_file("target", "T");
    CHECK(symlink("target", "s1"));
    rl("s1", 128);
    rl("s1", 3);
    rl("s1", 0);
    rl("target", 128);
    rl("missing", 128);
    show_file("s1");
    CHECK(symlink("target", "s1"));
    CHECK(symlink("whatever", "target"));
    CHECK(symlink("", "emptylink"));
    CHECK(symlink("x", ""));
    CHECK(symlink("x", "nodir/l"));
    CHECK(mkdir("sub", 0755));
    CHECK(symlink("../target", "sub/up"));
    show_file("sub/up");
    CHECK(symlink("sub/up", "chain"));
    show_file("chain");
    CHECK(symlink("target", "sub/self"));
    show_file("sub/self");
    CHECK(symlink("new-file", "dangling"));
    int fd = CHECK(open("dangling", O_WRONLY | O_CREAT, 0644));
    CHECK(write(fd, "via link", 8));
    CHECK(close(fd));
    show_file("new-file");
    CHECK(symlink("other-new", "dangling2"));
    fd = CHECK(open("dangling2", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK(symlink("sub", "dirlink"));
    put_file("dirlink/through", "made through a dir link");
    show_file("sub/through");
    CHECK(mkdir("dirlink/newdir", 0755));
    CHECK(mkdir("dangling3", 0755));
    CHECK(symlink("nothing", "dl4"));
    CHECK(mkdir("dl4", 0755));
    char longt[300];
    memset(longt, 'x', 299);
    longt[299] = 0;
    CHECK(symlink(longt, "longlink"));
    rl("longlink", 5);
    struct stat st;
    CHECK(lstat("longlink", &st));
    printf("lstat size %lld\n", (long long)st.st_size);
    list_dir(".", 1);
    return 0;
}
