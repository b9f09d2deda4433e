/* Runs as: fs-routing-clamp --prefix /tmp %{ imfs-grate %} clamp_imfs_test
 * with a copy of this program at /tmp/clamp_imfs_test.cwasm on the real
 * lindfs (lindfs_dir = "tmp"). Files under /tmp must land in imfs
 * (st_dev "IMFS", fds from 512), everything else -- /tmpx included -- on
 * the real lindfs. Without the clamp, /tmp/clamp_imfs_test.cwasm is
 * visible and nothing is IMFS, so the output differs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define IMFS_DEV 0x494d4653

static const char *where(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return errno == ENOENT ? "absent" : "error";
    return st.st_dev == IMFS_DEV ? "imfs" : "lindfs";
}

static int put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) return -errno;
    int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    close(fd);
    return ok ? fd : -EIO;
}

static const char *get(const char *path, char *buf, size_t len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return strerror(errno);
    ssize_t n = read(fd, buf, len - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    return buf;
}

static const char *fdkind(int fd) { return fd >= 512 ? "imfs-fd" : fd >= 0 ? "kernel-fd" : "failed"; }

int main(void) {
    char buf[256];
    setvbuf(stdout, NULL, _IONBF, 0);

    /* The real /tmp holds a copy of this program; through the clamp /tmp
     * is imfs, which starts empty. */
    printf("/tmp/clamp_imfs_test.cwasm: %s\n", where("/tmp/clamp_imfs_test.cwasm"));
    printf("/clamp_imfs_test.cwasm: %s\n", where("/clamp_imfs_test.cwasm"));
    printf("mkdir /tmp: %s\n", mkdir("/tmp", 0755) == 0 ? "ok" : strerror(errno));

    /* Under the prefix: imfs. */
    printf("write /tmp/a.txt: %s\n", fdkind(put("/tmp/a.txt", "inner")));
    printf("/tmp/a.txt: %s, \"%s\"\n", where("/tmp/a.txt"), get("/tmp/a.txt", buf, sizeof buf));
    printf("/tmp/../tmp/./a.txt: %s\n", where("/tmp/../tmp/./a.txt"));
    printf("//tmp//a.txt: %s\n", where("//tmp//a.txt"));

    /* Outside: the real lindfs. */
    printf("write /outside.txt: %s\n", fdkind(put("/outside.txt", "outer")));
    printf("/outside.txt: %s, \"%s\"\n", where("/outside.txt"), get("/outside.txt", buf, sizeof buf));
    printf("/tmp/../outside.txt: %s\n", where("/tmp/../outside.txt"));

    /* /tmpx is not under /tmp (whole components). */
    printf("mkdir /tmpx: %s\n", mkdir("/tmpx", 0755) == 0 ? "ok" : strerror(errno));
    printf("write /tmpx/b.txt: %s\n", fdkind(put("/tmpx/b.txt", "tmpx")));
    printf("/tmpx/b.txt: %s, \"%s\"\n", where("/tmpx/b.txt"), get("/tmpx/b.txt", buf, sizeof buf));
    printf("/tmpx: %s\n", where("/tmpx"));
    printf("write /tmp.txt: %s, %s\n", fdkind(put("/tmp.txt", "dot")), where("/tmp.txt"));

    /* fd calls follow the fd: dup, lseek, fstat, openat on an imfs dir fd. */
    int fd = open("/tmp/a.txt", O_RDWR);
    int fd2 = dup(fd);
    struct stat st;
    printf("dup: %s -> %s\n", fdkind(fd), fdkind(fd2));
    printf("lseek dup: %ld\n", (long)lseek(fd2, 2, SEEK_SET));
    printf("read after seek: \"%.*s\"\n", (int)read(fd, buf, 3), buf);
    printf("fstat dup: %s\n", fstat(fd2, &st) == 0 && st.st_dev == IMFS_DEV ? "imfs" : "not imfs");
    close(fd2);
    close(fd);
    int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
    int afd = openat(dfd, "a.txt", O_RDONLY);
    printf("openat(imfs dir, a.txt): %s\n", fdkind(afd));
    close(afd);
    close(dfd);
    afd = openat(AT_FDCWD, "/tmpx/b.txt", O_RDONLY);
    printf("openat(AT_FDCWD, /tmpx/b.txt): %s\n", fdkind(afd));
    close(afd);

    /* Across the boundary. */
    printf("rename /tmp/a.txt /a.txt: %s\n", rename("/tmp/a.txt", "/a.txt") == 0 ? "ok" : strerror(errno));
    printf("rename in /tmp: %s\n", rename("/tmp/a.txt", "/tmp/c.txt") == 0 ? "ok" : strerror(errno));
    printf("unlink /tmp/c.txt: %s, now %s\n", unlink("/tmp/c.txt") == 0 ? "ok" : strerror(errno),
           where("/tmp/c.txt"));

    /* Relative paths follow the cwd. */
    printf("chdir /tmp: %s\n", chdir("/tmp") == 0 ? "ok" : strerror(errno));
    printf("getcwd: %s\n", getcwd(buf, sizeof buf) ? buf : strerror(errno));
    printf("write rel.txt: %s, /tmp/rel.txt: %s\n", fdkind(put("rel.txt", "rel")), where("/tmp/rel.txt"));
    printf("../outside.txt: %s\n", where("../outside.txt"));
    printf("chdir /: %s\n", chdir("/") == 0 ? "ok" : strerror(errno));
    printf("tmp/rel.txt: %s, outside.txt: %s\n", where("tmp/rel.txt"), where("outside.txt"));

    /* A child shares the routing (and imfs). */
    pid_t pid = fork();
    if (pid == 0) {
        put("/tmp/child.txt", "from child");
        put("/child.txt", "from child");
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("child: %d, /tmp/child.txt: %s \"%s\"", WEXITSTATUS(status), where("/tmp/child.txt"),
           get("/tmp/child.txt", buf, sizeof buf));
    printf(", /child.txt: %s\n", where("/child.txt"));
    return 0;
}
