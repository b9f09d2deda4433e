/* Under strace-grate: a few deterministic file calls. The trace (stderr)
 * is compared with strace_basic.err byte for byte. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    const char msg[] = "hello\tstrace\n";
    write(1, msg, strlen(msg));
    int fd = open("basic.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789abcdefghijklmnopqrstuvwxyz\n", 37);
    close(fd);
    char buf[64];
    fd = openat(AT_FDCWD, "basic.txt", O_RDONLY);
    ssize_t n = read(fd, buf, 8);
    lseek(fd, 0, SEEK_SET);
    close(fd);
    unlink("basic.txt");
    return n == 8 ? 0 : 1;
}
