/* Exercises an fd on /dev/null: write returns the count, read returns 0
 * (EOF), also through dup, dup2, fcntl(F_DUPFD), pread/pwrite, readv/writev
 * and in a forked child; the data is never touched (a buffer outside the
 * program's memory is fine). Then a write and a read on an ordinary file, to
 * show other fds are served as usual. Prints every result. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r) {
    if (r >= 0) printf("%s = %ld\n", what, r);
    else printf("%s = -1 (%s)\n", what, errno == EIO ? "EIO" : errno == EFAULT ? "EFAULT" : strerror(errno));
}

int main(void) {
    char buf[16] = "xxxxxxxxxxxxxxx";
    int fd = open("/dev/null", O_RDWR);
    if (fd < 0) return perror("open /dev/null"), 1;
    show("write(null, 5)", write(fd, "hello", 5));
    show("read(null)", read(fd, buf, sizeof buf));
    show("write(null, bad buffer, 64)", write(fd, (void *)(uintptr_t)0xfffffff0u, 64));
    show("pwrite(null, 3)", pwrite(fd, "abc", 3, 100));
    show("pread(null)", pread(fd, buf, sizeof buf, 100));
    struct iovec iov[2] = {{"ab", 2}, {"cdefg", 5}};
    show("writev(null, 2+5)", writev(fd, iov, 2));
    struct iovec rv[1] = {{buf, sizeof buf}};
    show("readv(null)", readv(fd, rv, 1));
    int d = dup(fd);
    show("write(dup, 4)", write(d, "dupd", 4));
    int d2 = dup2(fd, 9);
    show("write(dup2 9, 6)", d2 == 9 ? write(9, "dup2ed", 6) : -1);
    int d3 = fcntl(fd, F_DUPFD, 20);
    show("read(F_DUPFD)", d3 >= 20 ? read(d3, buf, 4) : -1);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int ok = write(fd, "child", 5) == 5 && read(fd, buf, 4) == 0;
        _exit(ok ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child: %s\n", WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "write 5, read 0" : "failed");
    close(fd);
    close(d);
    close(9);
    close(d3);
    /* An ordinary file: served as usual. */
    int f = open("devnull_test.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
    show("write(file, 4)", write(f, "data", 4));
    lseek(f, 0, SEEK_SET);
    show("read(file)", read(f, buf, sizeof buf));
    close(f);
    unlink("devnull_test.tmp");
    return 0;
}
