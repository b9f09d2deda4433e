/* compose test: seccomp-grate (mkdir denied) above fs-routing-clamp
 * --prefix /tmp, whose inner chain is testing-grate passing mkdir through
 * and failing unlink with errno 166 (proof that a call went into the
 * chain). mkdir is denied (EPERM) both under /tmp (into the chain, which
 * forwards it up to seccomp) and outside (past the chain); other calls
 * work on both sides. Without seccomp mkdir succeeds; without the clamp
 * unlink under /tmp does not give 166. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, int r) {
    int e = r < 0 ? errno : 0;
    /* errno is wasi-libc's numbering; 1000 + N is Linux's N with no name here. */
    if (!e) printf("%s: %d\n", what, r);
    else if (e == EPERM) printf("%s: %d EPERM\n", what, r);
    else if (e == ENOENT) printf("%s: %d ENOENT\n", what, r);
    else if (e > 1000) printf("%s: %d Linux errno %d\n", what, r, e - 1000);
    else printf("%s: %d errno %d\n", what, r, e);
}

int main(void) {
    show("mkdir /tmp/d (into the chain)", mkdir("/tmp/d", 0755));
    show("mkdir /d (past the chain)", mkdir("/d", 0755));
    show("unlink /tmp/none (into the chain)", unlink("/tmp/none"));
    show("unlink /none (past the chain)", unlink("/none"));
    int fd = open("/tmp/f.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    show("open /tmp/f.txt", fd < 0 ? fd : 0);
    close(fd);
    fd = open("/f.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    show("open /f.txt", fd < 0 ? fd : 0);
    close(fd);
    return 0;
}
