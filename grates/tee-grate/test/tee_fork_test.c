/* tee-grate across fork: the primary is the real lindfs (an empty chain);
 * the secondary is strace-grate alone, so the secondary's copies go to the
 * kernel too (the same file, written twice at the same offsets: the
 * README's caveat) and its writes are traced on stderr. A forked child
 * writes to an fd it inherited: the copy must reach the secondary on the
 * fd the parent's was mapped to, which the child inherited from RawPOSIX
 * with the rest of the parent's table. The expected stderr has the
 * child's write ([pid 4]); with an empty map for the child it would not. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fd = open("/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("open: %s\n", fd >= 0 ? "ok" : "failed");
    printf("write parent: %d\n", (int)write(fd, "parent\n", 7));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int w = (int)write(fd, "child\n", 6);
        _exit(w == 6 ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("child: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    printf("write parent again: %d\n", (int)write(fd, "parent again\n", 13));
    printf("close: %d\n", close(fd));

    char buf[64] = {0};
    int r = open("/out.txt", O_RDONLY);
    int n = (int)read(r, buf, sizeof buf - 1);
    close(r);
    printf("/out.txt: %d bytes:\n%s", n, buf);
    return 0;
}
