/* CONFINEMENT (lind only): absolute paths name the lindfs root, not the
 * host's: /etc/passwd, /proc, /dev do not exist there. Nothing here writes
 * to a path that exists on the host without O_EXCL. */
#include "testlib.h"

int main(void) {
    list_dir("/", 0);
    show_file("/etc/passwd");
    show_file("/etc/hostname");
    show_file("/proc/self/status");
    show_file("/dev/null");
    show_file("/proc/self/root/etc/passwd");
    struct stat st;
    CHECK(stat("/etc", &st));
    CHECK(stat("/tmp", &st));
    CHECK(stat("/proc/self/cwd", &st));
    CHECK(access("/bin/sh", F_OK));
    CHECK(open("/tmp/ESCAPE_abs", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK(opendir("/etc") ? 0 : -1);
    int fd = CHECK(open("/ESCAPE_at_root", O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (fd >= 0) close(fd);
    CHECK(mkdir("/etc", 0755));
    fd = CHECK(open("/etc/passwd", O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (fd >= 0) { write(fd, "fake passwd inside lindfs\n", 26); close(fd); }
    show_file("/etc/passwd");
    show_file("etc/passwd");
    show_file("/../etc/passwd");
    show_file("//etc//passwd");
    CHECK(mkdir("/tmp", 0755));
    CHECK(chdir("/tmp"));
    char cwd[4096];
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
    put_file("here", "in lindfs /tmp");
    show_file("/tmp/here");
    CHECK(chdir("/"));
    list_dir("/", 0);
    list_dir("/tmp", 1);
    return 0;
}
