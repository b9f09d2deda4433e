/* Under detection-grate, exec of a file starting with "MZ" fails with
 * ENOEXEC -- before the runtime looks at it, so also for a file without
 * execute permission (the runtime alone says EACCES there) and for a
 * relative path in another cwd. Other files and a real program are
 * forwarded: the runtime's own errors, and the program runs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *name(int e) {
    switch (e) {
    case ENOEXEC: return "ENOEXEC";
    case EACCES: return "EACCES";
    case ENOENT: return "ENOENT";
    default: return strerror(e);
    }
}

static void make(const char *path, const char *data, size_t len, mode_t mode) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len) perror(path);
    close(fd);
    chmod(path, mode);
}

static void try_exec(const char *path) {
    char *av[] = {(char *)path, NULL};
    execv(path, av);
    printf("exec %s: %s\n", path, name(errno));
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        printf("child: exec of a program works\n");
        return 0;
    }
    fflush(stdout);
    make("pe.exe", "MZ\x90\0\3\0\0\0\4\0", 10, 0644);
    make("pe_x.exe", "MZ\x90\0\3\0\0\0\4\0", 10, 0755);
    make("text.bin", "ZM not a PE", 11, 0644);
    make("m.bin", "M", 1, 0644);
    try_exec("pe.exe");
    try_exec("pe_x.exe");
    try_exec("text.bin");
    try_exec("m.bin");
    try_exec("missing.exe");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *av[] = {argv[0], "child", NULL};
        execv(argv[0], av);
        printf("exec %s: %s\n", argv[0], name(errno));
        fflush(stdout);
        _exit(1);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child status: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    mkdir("sub", 0755);
    make("sub/pe_sub.exe", "MZ\x90\0", 4, 0644);
    if (chdir("sub") != 0) perror("chdir");
    try_exec("pe_sub.exe");
    return 0;
}
