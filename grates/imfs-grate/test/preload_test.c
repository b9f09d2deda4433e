/* preload_test: run with PRELOADS naming test/preload_in.txt (copied into
 * the lindfs root) at three imfs paths, plus malformed entries that must be
 * skipped, and DUMPS writing /out.txt back out. Exits 1 on a failure. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void show(const char *path) {
    char buf[128] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", path, strerror(errno));
        failures += strcmp(path, "/preload_test.cwasm") != 0;
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: %zd bytes: %s", path, n, buf);
}

int main(void) {
    struct stat st;
    show("/preload_in.txt");
    show("/nested/dir/copy.txt");
    show("/again.txt");
    printf("/nested is a directory: %s\n", stat("/nested", &st) == 0 && S_ISDIR(st.st_mode) ? "yes" : "no");
    show("/preload_test.cwasm"); /* on the real lindfs only */
    int fd = open("/out.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0 || write(fd, "dumped by imfs\n", 15) != 15) failures++;
    close(fd);
    return failures ? 1 : 0;
}
