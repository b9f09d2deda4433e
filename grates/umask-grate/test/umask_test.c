/* Under umask-grate --force-bits B: prints the umask values umask()
 * returns and the modes files and directories are created with -- before
 * any umask call (with UMASK_TEST_PRE set in the environment), after
 * umask(0), and in a forked child. The expected
 * output depends on B (umask_test_022.out, umask_test_077.out). Without the
 * grate the umask reads back as 0 and the modes are the requested ones, so
 * the comparison fails. Exits 1 if a call fails. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

static void show(const char *what, const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s %s: failed\n", what, path);
        fails++;
        return;
    }
    printf("%s %s -> %04o\n", what, path, (unsigned)(st.st_mode & 07777));
}

static void create_all(const char *tag) {
    char f[32], g[32], h[32], d[32], e[32];
    snprintf(f, sizeof f, "%s-open", tag);
    snprintf(g, sizeof g, "%s-openat", tag);
    snprintf(h, sizeof h, "%s-creat", tag);
    snprintf(d, sizeof d, "%s-mkdir", tag);
    snprintf(e, sizeof e, "%s-mkdirat", tag);
    int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd >= 0) close(fd);
    show("open(0666)", f);
    fd = openat(AT_FDCWD, g, O_WRONLY | O_CREAT | O_TRUNC, 0777);
    if (fd >= 0) close(fd);
    show("openat(0777)", g);
    fd = creat(h, 0666);
    if (fd >= 0) close(fd);
    show("creat(0666)", h);
    mkdir(d, 0777);
    show("mkdir(0777)", d);
    mkdirat(AT_FDCWD, e, 0755);
    show("mkdirat(0755)", e);
}

int main(void) {
    /* Before any umask call the runtime's initial umask (the host's) also
     * applies: only meaningful when it is within the forced bits. */
    if (getenv("UMASK_TEST_PRE")) create_all("pre");
    umask(0); /* returns that initial umask: not printed */
    printf("umask(0) -> %03o\n", (unsigned)umask(0));
    create_all("post");
    printf("umask(002) -> %03o\n", (unsigned)umask(002));
    printf("umask(0) -> %03o\n", (unsigned)umask(0));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child umask(0) -> %03o\n", (unsigned)umask(0));
        printf("child umask(0) -> %03o\n", (unsigned)umask(0));
        create_all("child");
        fflush(stdout);
        _exit(fails != 0);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) fails++;
    return fails != 0;
}
