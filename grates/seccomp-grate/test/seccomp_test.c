/* Under seccomp-grate: prints what open(O_CREAT), chmod, access and unlink
 * give, so each policy's expected output shows which calls it allowed and
 * which failed with EPERM. Without the grate every call succeeds. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static void show(const char *what, int r) {
    if (r >= 0) printf("%s: ok\n", what);
    else if (errno == EPERM) printf("%s: EPERM\n", what);
    else printf("%s: error %d (%s)\n", what, errno, strerror(errno));
}

int main(void) {
    int fd = open("seccomp_test.tmp", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    show("open", fd);
    if (fd >= 0) close(fd);
    show("chmod", chmod("seccomp_test.tmp", 0600));
    show("access", access("seccomp_test.tmp", F_OK));
    show("unlink", unlink("seccomp_test.tmp"));
    return 0;
}
