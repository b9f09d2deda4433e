/* A small program for witness-grate: writes a file, reads it back, prints
 * what it read. Under the grate every open/openat, read, write, close and
 * execve is logged; the grate's --verify-after then checks the chain. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    const char msg[] = "witnessed data\n";
    char buf[64] = {0};
    int fd = open("witness_data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg)) return perror("write"), 1;
    close(fd);
    fd = open("witness_data.txt", O_RDONLY);
    if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0) return perror("read"), 1;
    close(fd);
    printf("read back: %s", buf);
    return 0;
}
