/* Under resource-grate with files.cfg (filesopened 3): three opens work,
 * the fourth and a dup fail with EMFILE, closing one frees a slot, a
 * forked child's inherited fds count too (the cap is for the whole program)
 * and are released when it exits, stdout/stderr are not counted. Without the
 * grate nothing fails and the output differs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int r) {
    if (r >= 0) printf("%s: ok\n", what);
    else printf("%s: %s\n", what, errno == EMFILE ? "EMFILE" : strerror(errno));
}

int main(void) {
    char name[32];
    int fds[4];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "f%d.txt", i);
        fds[i] = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        snprintf(name, sizeof name, "open #%d", i + 1);
        show(name, fds[i]);
    }
    show("creat at the cap", creat("g.txt", 0644));
    show("dup of a file at the cap", dup(fds[0]));
    show("dup of stdout at the cap", dup(1) >= 0 ? 0 : -1);
    show("close #3", close(fds[2]));
    fds[2] = open("f2.txt", O_RDONLY);
    show("open after close", fds[2]);
    show("open again", open("f0.txt", O_RDONLY));
    /* counted now: fds[0], fds[1], fds[2] */
    close(fds[2]);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        /* the cap is for the whole program: the parent's two and the
         * child's two inherited copies make four */
        show("child: open", open("f0.txt", O_RDONLY));
        close(fds[0]);
        close(fds[1]);
        close(fds[1]); /* EBADF: not counted twice */
        show("child: open after closing its copies", open("f0.txt", O_RDONLY));
        fflush(stdout);
        _exit(0); /* releases the child's fd */
    }
    int st;
    waitpid(pid, &st, 0);
    show("parent after the child exited: open", open("f0.txt", O_RDONLY));
    show("parent: open again", open("f0.txt", O_RDONLY));
    return 0;
}
