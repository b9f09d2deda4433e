/* chroot-exec DIR PROGRAM [ARGS...]: run a (static) PROGRAM with DIR as
 * its root and cwd "/", without copying PROGRAM into DIR. Used only by
 * gen-expected (needs root) to produce the reference behaviour for the
 * confine_* programs: a chroot is what lindfs confinement must look like. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: chroot-exec DIR PROGRAM [ARGS...]\n"); return 2; }
    int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
    if (fd < 0) { perror(argv[2]); return 2; }
    if (chroot(argv[1]) != 0 || chdir("/") != 0) { perror("chroot"); return 2; }
    extern char **environ;
    syscall(SYS_execveat, fd, "", argv + 2, environ, AT_EMPTY_PATH);
    perror("execveat");
    return 2;
}
