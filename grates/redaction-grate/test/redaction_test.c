/* Under redaction-grate --redact secret hunter2 --redact "pass word"
 * --mask '#' --: what the program writes (write, printf/writev, pwrite, to
 * stdout and to files, in a forked child too) has every "secret",
 * "hunter2" and "pass word" replaced by '#'s of the same length, also
 * across writev segments and across the grate's 64 KiB windows; the
 * program's own buffers are left as they were. Checks that read files back
 * print "ok ..." / "FAIL ..." and make the exit status 1; the lines written
 * to stdout are compared with redaction_test.out. Without the grate the
 * texts appear unredacted and the file checks fail. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

static void check(const char *what, int ok) {
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    fflush(stdout);
    fails += !ok;
}

static int file_is(const char *path, const char *want, size_t n) {
    static char got[300000];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    size_t have = 0;
    ssize_t r;
    while ((r = read(fd, got + have, sizeof got - have)) > 0) have += (size_t)r;
    close(fd);
    return have == n && memcmp(got, want, n) == 0;
}

int main(void) {
    char msg[] = "write: the password is hunter2, keep it secret\n";
    write(1, msg, strlen(msg));
    check("write left the program's buffer alone", strstr(msg, "hunter2") && strstr(msg, "secret"));
    printf("printf: %s and %s, a pass word, secretsecret, xsecretx\n", "hunter2", "secret");
    fflush(stdout);
    printf("no texts here: sec ret, hunter, password\n");
    fflush(stdout);
    struct iovec iov[3] = {{"writev: my sec", 14}, {"ret and hun", 11}, {"ter2 split\n", 11}};
    check("writev returns the full count", writev(1, iov, 3) == 36);
    check("writev left the program's buffers alone", memcmp(iov[0].iov_base, "writev: my sec", 14) == 0);

    /* to a file, with write and pwrite */
    int fd = open("out.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    check("write to a file", write(fd, "id=secret;", 10) == 10);
    check("pwrite to a file", pwrite(fd, "pw=hunter2", 10, 10) == 10);
    close(fd);
    check("the file holds the redacted bytes", file_is("out.txt", "id=######;pw=#######", 20));

    /* one big write: matches across the 64 KiB windows */
    size_t n = 200000;
    char *big = malloc(n), *want = malloc(n);
    memset(big, '.', n);
    size_t at[] = {0, 65533, 65536 * 2 - 3, 150000, n - 6};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) memcpy(big + at[i], "secret", 6);
    memcpy(want, big, n);
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) memset(want + at[i], '#', 6);
    fd = open("big.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    check("a 200000-byte write returns its count", write(fd, big, n) == (ssize_t)n);
    close(fd);
    check("the big file is redacted at every match, window edges included", file_is("big.txt", want, n));
    check("the big buffer is untouched", memcmp(big + 65533, "secret", 6) == 0);

    /* a forked child is redacted too */
    pid_t pid = fork();
    if (pid == 0) {
        printf("child: secret hunter2\n");
        fflush(stdout);
        _exit(0);
    }
    int st;
    check("child ran", waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return fails != 0;
}
