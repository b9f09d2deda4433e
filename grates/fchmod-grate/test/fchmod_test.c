/* Under fchmod-grate --mask M: sets modes with chmod, fchmod and fchmodat
 * (in the program and in a forked child) and prints the mode each file
 * then has; the expected output depends on M (fchmod_test_644.out for
 * --mask 644, fchmod_test_750.out for --mask 750). Without the grate the
 * printed modes are the requested ones, so the comparison fails. Exits 1
 * if a call fails. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

static void show(const char *what, const char *path, mode_t asked, int r) {
    struct stat st;
    if (r != 0 || stat(path, &st) != 0) {
        printf("%s(%04o): failed\n", what, (unsigned)asked);
        fails++;
        return;
    }
    printf("%s(%04o) -> %04o\n", what, (unsigned)asked, (unsigned)(st.st_mode & 07777));
}

int main(void) {
    int fd = open("f.txt", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return 1;
    show("chmod", "f.txt", 0777, chmod("f.txt", 0777));
    show("chmod", "f.txt", 0600, chmod("f.txt", 0600));
    show("chmod", "f.txt", 0444, chmod("f.txt", 0444));
    show("fchmod", "f.txt", 0755, fchmod(fd, 0755));
    show("fchmod", "f.txt", 0640, fchmod(fd, 0640));
    show("fchmodat", "f.txt", 0711, fchmodat(AT_FDCWD, "f.txt", 0711, 0));
    show("fchmodat", "f.txt", 0666, fchmodat(AT_FDCWD, "f.txt", 0666, 0));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        show("child chmod", "f.txt", 0777, chmod("f.txt", 0777));
        fflush(stdout);
        _exit(fails != 0);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) fails++;
    close(fd);
    return fails != 0;
}
