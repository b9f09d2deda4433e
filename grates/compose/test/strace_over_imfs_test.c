/* compose test: strace-grate above imfs-grate (imfs nearest the program).
 * imfs serves the program's file calls itself and never forwards them, so
 * strace (which traces imfs and what imfs passes on) shows no open, read,
 * write or close of the imfs file: only the program's write to stdout,
 * which imfs forwards. Without imfs the trace would show the open; without
 * strace it would be empty. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    int fd = open("/compose.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "hi\n", 3);
    close(fd);
    char line[] = "fd is imfs's\n", bad[] = "fd is the kernel's\n";
    if (fd >= 512) write(1, line, sizeof line - 1);
    else write(1, bad, sizeof bad - 1);
    return 0;
}
