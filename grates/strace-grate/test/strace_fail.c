/* Under strace-grate: failing calls show -1 ENAME (strerror text), with
 * Linux's names although the grate's own errno numbering differs. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    int bad = 0;
    bad |= open("/nonexistent", O_RDONLY) != -1;
    bad |= close(42) != -1;                      /* EBADF */
    bad |= mkdir("/", 0755) != -1;               /* EEXIST */
    bad |= rmdir("/nonexistent/dir") != -1;      /* ENOENT */
    bad |= access("/nonexistent", R_OK | W_OK) != -1;
    return bad;
}
