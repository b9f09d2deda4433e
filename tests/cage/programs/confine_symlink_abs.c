/* CONFINEMENT (lind only): symlinks with absolute targets resolve inside
 * the lindfs root. */
#include "testlib.h"

static void rl(const char *p) {
    char b[256];
    ssize_t n = readlink(p, b, sizeof b);
    if (n < 0) printf("readlink %s: %s\n", p, errname(errno));
    else printf("readlink %s: %.*s\n", p, (int)n, b);
}

int main(void) {
    CHECK(symlink("/etc", "etclink"));
    CHECK(symlink("/etc/passwd", "pw"));
    CHECK(symlink("/", "rootlink"));
    CHECK(symlink("/../../..", "updots"));
    rl("etclink");
    rl("pw");
    show_file("etclink/passwd");
    show_file("pw");
    struct stat st;
    CHECK(stat("etclink", &st));
    CHECK(lstat("etclink", &st));
    CHECK(open("etclink/ESCAPE_sym", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK(open("pw", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK(mkdir("etclink/ESCAPE_d", 0755));
    list_dir("rootlink", 1);
    list_dir("updots", 1);
    list_dir("rootlink/rootlink/rootlink/updots", 1);
    CHECK(mkdir("etc", 0755));
    int fd = CHECK(open("etclink/passwd", O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (fd >= 0) { write(fd, "inside\n", 7); close(fd); }
    show_file("etc/passwd");
    show_file("pw");
    show_file("rootlink/etc/passwd");
    /* a dangling absolute link used with O_CREAT creates its target inside */
    CHECK(symlink("/created-through-link", "dl"));
    fd = CHECK(open("dl", O_WRONLY | O_CREAT, 0644));
    if (fd >= 0) { write(fd, "x\n", 2); close(fd); }
    show_file("/created-through-link");
    CHECK(chdir("rootlink/etc"));
    char cwd[4096];
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
    CHECK(chdir("/"));
    list_dir("/", 1);
    return 0;
}
