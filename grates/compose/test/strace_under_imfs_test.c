/* compose test: imfs-grate above strace-grate (strace nearest the
 * program). strace sees the program's calls first and forwards them to
 * imfs, so the trace (stderr) shows them with imfs's results: fds from 512.
 * Without strace the trace is empty; without imfs the fds are below 512. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    int fd = open("/compose.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "hi\n", 3);
    close(fd);
    fd = open("/compose.txt", O_RDONLY);
    char buf[8] = {0};
    int n = (int)read(fd, buf, sizeof buf);
    close(fd);
    printf("fd %s, read %d\n", fd >= 512 ? ">= 512 (imfs)" : "< 512 (kernel)", n);
    return 0;
}
