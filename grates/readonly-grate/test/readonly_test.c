/* Under readonly-grate: reads work, every write and every call that would
 * change the file system fails with EPERM, in the program and in a forked
 * child. Writing is itself denied (stdout and stderr too), so the result is
 * the exit status: 0 when every check passed, else the number of the first
 * failing check. Without the grate, the very first write succeeds (and
 * prints), so the test fails. Needs readonly_data.txt ("read-only data\n")
 * in the cage's working directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define DATA "readonly_data.txt"
#define CHECK(n, cond)                                                                                \
    do {                                                                                              \
        if (!(cond)) return n;                                                                        \
    } while (0)

static int eperm(long r) { return r == -1 && errno == EPERM; }

static int checks(void) {
    struct stat st;
    char buf[64];

    /* writes, stdout and stderr included */
    CHECK(1, eperm(write(1, "leak: write\n", 12)));
    CHECK(2, eperm(write(2, "leak: stderr\n", 13)));
    struct iovec iov[2] = {{"leak: ", 6}, {"writev\n", 7}};
    CHECK(3, eperm(writev(1, iov, 2)));
    CHECK(4, printf("leak: printf\n") < 0 || fflush(stdout) != 0);

    /* a read-only open works and reads the file */
    int fd = open(DATA, O_RDONLY);
    CHECK(5, fd >= 0);
    ssize_t n = read(fd, buf, sizeof buf);
    CHECK(6, n == 15 && memcmp(buf, "read-only data\n", 15) == 0);
    CHECK(7, eperm(pwrite(fd, "x", 1, 0)));
    CHECK(8, eperm(ftruncate(fd, 0)));
    CHECK(9, eperm(fchmod(fd, 0600)));
    close(fd);
    fd = openat(AT_FDCWD, DATA, O_RDONLY);
    CHECK(10, fd >= 0);
    close(fd);
    FILE *f = fopen(DATA, "r");
    CHECK(11, f && fgets(buf, sizeof buf, f) && strcmp(buf, "read-only data\n") == 0);
    fclose(f);

    /* opens that could write */
    CHECK(12, eperm(open(DATA, O_WRONLY)));
    CHECK(13, eperm(open(DATA, O_RDWR)));
    CHECK(14, eperm(open(DATA, O_RDONLY | O_TRUNC)));
    CHECK(15, eperm(open(DATA, O_RDONLY | O_APPEND)));
    CHECK(16, eperm(open("new.txt", O_RDONLY | O_CREAT, 0644)));
    CHECK(17, eperm(openat(AT_FDCWD, DATA, O_WRONLY)));
    CHECK(18, eperm(creat("new.txt", 0644)));
    errno = 0;
    CHECK(19, fopen(DATA, "w") == NULL && errno == EPERM);
    CHECK(20, fopen("new.txt", "a") == NULL);
    CHECK(21, stat("new.txt", &st) == -1 && errno == ENOENT);

    /* file-system changes */
    CHECK(22, eperm(unlink(DATA)));
    CHECK(23, eperm(mkdir("newdir", 0755)));
    CHECK(24, eperm(rmdir(".")));
    CHECK(25, eperm(rename(DATA, "moved.txt")));
    CHECK(26, eperm(link(DATA, "hard.txt")));
    CHECK(27, eperm(symlink(DATA, "soft.txt")));
    CHECK(28, eperm(chmod(DATA, 0777)));
    CHECK(29, eperm(truncate(DATA, 0)));
    CHECK(30, eperm(unlinkat(AT_FDCWD, DATA, 0)));
    CHECK(31, eperm(mkdirat(AT_FDCWD, "newdir", 0755)));
    CHECK(32, eperm(fchmodat(AT_FDCWD, DATA, 0777, 0)));
    CHECK(33, eperm(renameat(AT_FDCWD, DATA, AT_FDCWD, "moved.txt")));

    /* nothing changed */
    CHECK(34, stat(DATA, &st) == 0 && st.st_size == 15);
    CHECK(35, stat("newdir", &st) == -1 && stat("moved.txt", &st) == -1 && stat("hard.txt", &st) == -1);
    return 0;
}

int main(void) {
    int r = checks();
    if (r) return r;
    /* a forked child is confined too */
    pid_t pid = fork();
    if (pid == 0) _exit(eperm(write(1, "leak: child\n", 12)) && eperm(open(DATA, O_WRONLY)) ? 0 : 1);
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) return 40;
    return 0;
}
