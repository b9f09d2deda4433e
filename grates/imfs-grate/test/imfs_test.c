/* imfs_test: exercises imfs-grate. Prints one line per check and exits 1
 * if any fails. Under a pass-through (no grate) it fails from the first
 * checks: the real lindfs root holds this program and grates/, while the
 * imfs root starts empty. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void check(const char *what, int ok) {
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) failures++;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The entries of dir, sorted, joined by spaces into out. */
static void listing(const char *dir, char *out, size_t n) {
    char *names[64];
    int k = 0;
    out[0] = 0;
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(out, n, "<opendir: %s>", strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) && k < 64) {
        char t = e->d_type == DT_DIR ? '/' : e->d_type == DT_REG ? ' ' : '?';
        char *s = malloc(strlen(e->d_name) + 2);
        sprintf(s, "%s%c", e->d_name, t);
        names[k++] = s;
    }
    closedir(d);
    qsort(names, k, sizeof *names, cmp);
    for (int i = 0; i < k; i++) {
        strncat(out, names[i], n - strlen(out) - 1);
        if (i + 1 < k) strncat(out, ",", n - strlen(out) - 1);
        free(names[i]);
    }
}

static int file_is(const char *path, const char *want) {
    char buf[256];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t r = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (r < 0) return 0;
    buf[r] = 0;
    return strcmp(buf, want) == 0;
}

int main(void) {
    char buf[512];
    struct stat st;

    /* 1. the filesystem is virtual */
    check("the real lindfs is not visible (stat /imfs_test.cwasm: ENOENT)",
          stat("/imfs_test.cwasm", &st) < 0 && errno == ENOENT);
    listing("/", buf, sizeof buf);
    printf("root at start: [%s]\n", buf);
    check("getcwd is / at start", getcwd(buf, sizeof buf) && strcmp(buf, "/") == 0);

    /* 2. create, write, read, seek, stat */
    int fd = open("/a.txt", O_CREAT | O_EXCL | O_RDWR, 0640);
    check("open O_CREAT|O_EXCL gives an fd >= 512", fd >= 512);
    check("write 11 bytes", write(fd, "hello world", 11) == 11);
    check("O_EXCL on an existing file: EEXIST", open("/a.txt", O_CREAT | O_EXCL | O_RDWR, 0640) < 0 && errno == EEXIST);
    check("lseek SEEK_CUR is 11", lseek(fd, 0, SEEK_CUR) == 11);
    check("lseek SEEK_SET 6", lseek(fd, 6, SEEK_SET) == 6);
    memset(buf, 0, sizeof buf);
    check("read after seek: world", read(fd, buf, 100) == 5 && strcmp(buf, "world") == 0);
    check("read at EOF: 0", read(fd, buf, 100) == 0);
    check("lseek SEEK_END -5 is 6", lseek(fd, -5, SEEK_END) == 6);
    check("fstat: regular, size 11, nlink 1, mode 0640",
          fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 11 && st.st_nlink == 1 &&
              (st.st_mode & 0777) == 0640);
    ino_t ino = st.st_ino;
    check("stat: same inode", stat("/a.txt", &st) == 0 && st.st_ino == ino && st.st_size == 11);
    check("pwrite at 0 keeps the offset", pwrite(fd, "HELLO", 5, 0) == 5 && lseek(fd, 0, SEEK_CUR) == 6);
    memset(buf, 0, sizeof buf);
    check("pread at 0: HELLO world", pread(fd, buf, 11, 0) == 11 && strcmp(buf, "HELLO world") == 0);
    check("sparse pwrite at 20 extends to 21", pwrite(fd, "!", 1, 20) == 1 && fstat(fd, &st) == 0 && st.st_size == 21);
    check("the hole reads as zeros", pread(fd, buf, 9, 11) == 9 && memcmp(buf, "\0\0\0\0\0\0\0\0\0", 9) == 0);
    check("ftruncate to 11", ftruncate(fd, 11) == 0 && fstat(fd, &st) == 0 && st.st_size == 11);
    close(fd);
    check("read-only fd refuses write (EBADF)",
          (fd = open("/a.txt", O_RDONLY)) >= 0 && write(fd, "x", 1) < 0 && errno == EBADF);
    close(fd);
    check("close of a closed fd: EBADF", close(fd) < 0 && errno == EBADF);
    check("open without O_CREAT of a missing file: ENOENT", open("/nope", O_RDONLY) < 0 && errno == ENOENT);

    /* 3. append, trunc, readv/writev */
    fd = open("/a.txt", O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    check("O_APPEND writes at the end", write(fd, "!", 1) == 1 && file_is("/a.txt", "HELLO world!"));
    check("fcntl F_GETFL has O_APPEND and O_WRONLY",
          (fcntl(fd, F_GETFL) & O_APPEND) && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY);
    check("F_SETFL clears O_APPEND", fcntl(fd, F_SETFL, 0) == 0 && !(fcntl(fd, F_GETFL) & O_APPEND));
    close(fd);
    fd = open("/v.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    struct iovec iov[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
    check("writev 6 bytes", writev(fd, iov, 3) == 6);
    char x[3] = {0}, y[4] = {0};
    struct iovec riov[2] = {{x, 2}, {y, 3}};
    lseek(fd, 0, SEEK_SET);
    check("readv: ab + cde", readv(fd, riov, 2) == 5 && strcmp(x, "ab") == 0 && strcmp(y, "cde") == 0);
    close(fd);
    fd = open("/v.txt", O_WRONLY | O_TRUNC);
    check("O_TRUNC empties the file", fd >= 0 && stat("/v.txt", &st) == 0 && st.st_size == 0);
    close(fd);
    check("truncate by path to 3", truncate("/v.txt", 3) == 0 && stat("/v.txt", &st) == 0 && st.st_size == 3);

    /* 4. directories and paths */
    check("mkdir /d", mkdir("/d", 0755) == 0);
    check("mkdir /d again: EEXIST", mkdir("/d", 0755) < 0 && errno == EEXIST);
    check("mkdir /d/sub", mkdir("/d/sub", 0700) == 0);
    check("mkdir in a missing dir: ENOENT", mkdir("/zz/y", 0755) < 0 && errno == ENOENT);
    check("stat /d: a directory with nlink 3", stat("/d", &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 3);
    check("chdir /d", chdir("/d") == 0);
    check("getcwd is /d", getcwd(buf, sizeof buf) && strcmp(buf, "/d") == 0);
    fd = open("f", O_CREAT | O_WRONLY, 0644);
    check("relative create", fd >= 0 && write(fd, "F", 1) == 1);
    close(fd);
    check("stat //d///./sub/..//f", stat("//d///./sub/..//f", &st) == 0 && st.st_size == 1);
    check("stat ../a.txt", stat("../a.txt", &st) == 0 && st.st_size == 12);
    check("stat /.. is /", stat("/..", &st) == 0 && S_ISDIR(st.st_mode));
    check("a file as a directory: ENOTDIR", stat("/a.txt/x", &st) < 0 && errno == ENOTDIR);
    check("access f R_OK|W_OK", access("f", R_OK | W_OK) == 0);
    check("access missing: ENOENT", access("missing", F_OK) < 0 && errno == ENOENT);
    int dfd = open("/d", O_RDONLY | O_DIRECTORY);
    check("openat relative to a dir fd", (fd = openat(dfd, "sub/h", O_CREAT | O_WRONLY, 0644)) >= 0);
    close(fd);
    check("fstatat relative to a dir fd", fstatat(dfd, "sub/h", &st, 0) == 0 && S_ISREG(st.st_mode));
    check("O_DIRECTORY on a file: ENOTDIR", open("/a.txt", O_RDONLY | O_DIRECTORY) < 0 && errno == ENOTDIR);
    check("rename f -> sub/g", rename("f", "sub/g") == 0 && stat("f", &st) < 0 && file_is("/d/sub/g", "F"));
    check("rename a dir into itself: EINVAL", rename("/d", "/d/sub/d2") < 0 && errno == EINVAL);
    check("rename over an existing file", rename("/v.txt", "/d/sub/h") == 0 && stat("/d/sub/h", &st) == 0 &&
                                              st.st_size == 3);
    listing("/d/sub", buf, sizeof buf);
    printf("/d/sub: [%s]\n", buf);
    check("rmdir of a non-empty dir: ENOTEMPTY", rmdir("/d/sub") < 0 && errno == ENOTEMPTY);
    check("unlink a dir: EISDIR", unlink("/d/sub") < 0 && errno == EISDIR);
    check("unlink sub/g and unlinkat sub/h", unlink("sub/g") == 0 && unlinkat(dfd, "sub/h", 0) == 0);
    check("unlinkat AT_REMOVEDIR sub", unlinkat(dfd, "sub", AT_REMOVEDIR) == 0 && stat("/d/sub", &st) < 0);
    close(dfd);
    check("chdir /", chdir("/") == 0);
    check("rmdir /d", rmdir("/d") == 0);
    check("rmdir a file: ENOTDIR", rmdir("/a.txt") < 0 && errno == ENOTDIR);

    /* 5. an unlinked file lives while open */
    fd = open("/tmp.txt", O_CREAT | O_RDWR, 0600);
    write(fd, "still here", 10);
    check("unlink an open file", unlink("/tmp.txt") == 0 && stat("/tmp.txt", &st) < 0);
    memset(buf, 0, sizeof buf);
    check("its data stays readable", pread(fd, buf, 100, 0) == 10 && strcmp(buf, "still here") == 0);
    close(fd);

    /* 6. dup, dup2, fcntl: one open file description */
    fd = open("/a.txt", O_RDWR);
    int fd2 = dup(fd);
    check("dup gives another imfs fd", fd2 >= 512 && fd2 != fd);
    lseek(fd, 3, SEEK_SET);
    check("dup shares the offset", lseek(fd2, 0, SEEK_CUR) == 3);
    check("dup2 onto 700", dup2(fd, 700) == 700 && lseek(700, 0, SEEK_CUR) == 3);
    int fd3 = fcntl(fd, F_DUPFD, 600);
    check("F_DUPFD 600", fd3 >= 600);
    check("F_GETFD 0, F_SETFD FD_CLOEXEC",
          fcntl(fd3, F_GETFD) == 0 && fcntl(fd3, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd3, F_GETFD) == FD_CLOEXEC);
    close(fd);
    close(700);
    memset(buf, 0, sizeof buf);
    check("after closing two, the others still read at 3", read(fd2, buf, 2) == 2 && strcmp(buf, "LO") == 0 &&
                                                                lseek(fd3, 0, SEEK_CUR) == 5);
    close(fd2);
    close(fd3);

    /* 7. fork: the child shares descriptions (offsets) and the tree */
    fd = open("/shared.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "P1.", 3);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int ok = write(fd, "C.", 2) == 2;
        int cfd = open("/from-child", O_CREAT | O_WRONLY, 0644);
        ok &= cfd >= 0 && write(cfd, "kid", 3) == 3;
        close(cfd);
        close(fd);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    check("the child ran and exited 0", waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    check("the parent's offset moved past the child's write", write(fd, "P2.", 3) == 3 && lseek(fd, 0, SEEK_CUR) == 8);
    close(fd);
    check("file content P1.C.P2.", file_is("/shared.txt", "P1.C.P2."));
    check("a file the child created is visible", file_is("/from-child", "kid"));

    listing("/", buf, sizeof buf);
    printf("root at end: [%s]\n", buf);
    printf("%s\n", failures ? "SOME CHECKS FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
