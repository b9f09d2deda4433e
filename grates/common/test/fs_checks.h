/* fs_checks.h: the printing helpers of the path-virtualising grates' tests
 * (chroot-grate, fs-view-grate, tmp-grate). Each prints one line the
 * expected output compares, errors as strerror(errno). A test includes it
 * as "../../common/test/fs_checks.h" (test programs get no -I). */
#ifndef FS_CHECKS_H
#define FS_CHECKS_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* "what: ok", or "what: <error>" when r < 0. */
static void show(const char *what, int r) {
    if (r < 0)
        printf("%s: %s\n", what, strerror(errno));
    else
        printf("%s: ok\n", what);
}

/* "what: \"<the file's first line>\"" (up to 127 bytes), or the error. */
static void cat(const char *what, const char *path) {
    char buf[128] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", what, strerror(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = 0;
    printf("%s: \"%s\"\n", what, buf);
}

/* Creates (or truncates) path holding text: close's result, -1 if the open fails. */
static int put(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    write(fd, text, strlen(text));
    return close(fd);
}

#endif
