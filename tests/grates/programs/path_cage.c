/* path_cage: runs under path_grate (open: /virt -> /real, /secret refused;
 * read: upper-cased). Creates its files, then opens and reads through the
 * grate, including the edge cases of copy_data_between_cages' string copy:
 * a path whose NUL is the last byte of the cage's memory (fine), a path
 * running into the end of memory without a NUL (EFAULT), a path of 255
 * bytes + NUL (exactly the grate's limit: fine) and of 256 + NUL (no NUL
 * within the limit: the copy fails, EINVAL), and a read whose buffer runs
 * past the end of memory (the grate's copy into it fails: EFAULT). */
#include <sys/stat.h>

#include "gratetest.h"

static const char TEXT[] = "hello, grate\n";

/* openat is not interposed (the grate only has open), so the files are
 * made behind its back. */
static void make_file(const char *path, const char *text) {
    int fd = openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd == -1) {
        say("cage: create %s: %s\n", path, crc(-1));
        return;
    }
    if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) say("cage: write %s: %s\n", path, crc(-1));
    close(fd);
}

/* Opens `path` read-only and prints the first read's bytes (and the next
 * read's EOF). */
static void show(const char *label, const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd == -1) {
        say("cage: %s: open %s\n", label, crc(-1));
        return;
    }
    char buf[64];
    memset(buf, 0, sizeof buf);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    say("cage: %s: read %d bytes: %s", label, (int)n, n > 0 ? buf : "\n");
    n = read(fd, buf, sizeof buf - 1);
    say("cage: %s: then read %d\n", label, (int)n);
    close(fd);
}

int main(void) {
    if (mkdir("/real", 0755) == -1) say("cage: mkdir /real: %s\n", crc(-1));
    make_file("/real/hello.txt", TEXT);
    make_file("/secret.txt", "secret\n");

    show("/virt/hello.txt", "/virt/hello.txt");
    show("/real/hello.txt", "/real/hello.txt");
    show("/secret.txt", "/secret.txt");
    show("/virt/missing", "/virt/missing");

    /* 255 bytes + NUL: accepted by the copy (then ENOENT). 256 + NUL: the
     * copy finds no NUL within 256 bytes. */
    char longp[300];
    memset(longp, 'a', sizeof longp);
    memcpy(longp, "/virt/", 6);
    longp[255] = 0;
    show("255-byte path", longp);
    longp[255] = 'a';
    longp[256] = 0;
    show("256-byte path", longp);

    /* The end of linear memory: a fresh page nobody else uses. */
    if (__builtin_wasm_memory_grow(0, 1) == (uintptr_t)-1) {
        say("cage: memory.grow failed\n");
        return 1;
    }
    char *end = (char *)((uintptr_t)__builtin_wasm_memory_size(0) * 65536);
    const char *p = "/virt/hello.txt";
    size_t n = strlen(p) + 1;
    memcpy(end - n, p, n); /* its NUL is the last byte of memory */
    show("path ending at the end of memory", end - n);
    memcpy(end - (n - 1), p, n - 1); /* no NUL before the end */
    show("path running off the end of memory", end - (n - 1));

    int fd = open("/real/hello.txt", O_RDONLY);
    if (fd == -1) {
        say("cage: open: %s\n", crc(-1));
        return 1;
    }
    ssize_t r = read(fd, end - 4, 64);
    say("cage: read into a buffer running past the end of memory: %s\n", crc(r));
    close(fd);
    return 0;
}
