/* Run as strace-grate -o trace.log: the trace goes to the file, not to
 * stderr. The program then prints what the file holds so far (its own
 * open/read of it are traced into the file too, after this point). */
#include <fcntl.h>
#include <unistd.h>

int main(void) {
    write(1, "traced\n", 7);
    getpid();
    char buf[4096];
    int fd = open("trace.log", O_RDONLY);
    if (fd < 0) return 1;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return 1;
    write(1, "--- trace.log:\n", 15);
    write(1, buf, (size_t)n);
    close(fd);
    return 0;
}
