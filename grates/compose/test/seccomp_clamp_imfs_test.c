/* compose test: seccomp-grate (mkdir denied) above fs-routing-clamp
 * --prefix /tmp %{ imfs-grate %}. imfs serves mkdir under /tmp itself and
 * never forwards it, so seccomp above the clamp never sees it: allowed.
 * Outside /tmp, mkdir goes past the chain to seccomp: denied. Without
 * seccomp /d is created; without the clamp /tmp/d is denied too. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

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
    struct stat st;
    show("mkdir /tmp (served by imfs)", mkdir("/tmp", 0755));
    show("mkdir /tmp/d (served by imfs)", mkdir("/tmp/d", 0755));
    show("mkdir /d (past the chain)", mkdir("/d", 0755));
    printf("/tmp/d is in imfs: %s\n", stat("/tmp/d", &st) == 0 && st.st_dev == 0x494d4653 ? "yes" : "no");
    return 0;
}
