/* Runs as (grates_test.toml):
 *   fs-routing-clamp --prefix /tmp %{ imfs-grate
 *       fs-routing-clamp --prefix /tmp/inner %< testing-grate -s 2:-167,257:-167,83:-166,258:-166 %>
 *   %} clamp_nested_test
 * /tmp/inner... goes to the testing grate (open fails with errno 167,
 * mkdir with 166: 1000+N in the cage), the rest of /tmp to imfs (st_dev
 * "IMFS"), /tmpx-style siblings and everything else to the real lindfs.
 * Without the clamps every call would reach the real lindfs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMFS_DEV 0x494d4653

static const char *where(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return errno == ENOENT ? "absent" : "error";
    return st.st_dev == IMFS_DEV ? "imfs" : "lindfs";
}

static void try_open(const char *path) {
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    if (fd < 0) {
        printf("open %s: errno %d\n", path, errno);
        return;
    }
    write(fd, "x", 1);
    close(fd);
    printf("open %s: %s, %s\n", path, fd >= 512 ? "imfs-fd" : "kernel-fd", where(path));
}

static void try_mkdir(const char *path) {
    if (mkdir(path, 0755) == 0) printf("mkdir %s: ok, %s\n", path, where(path));
    else printf("mkdir %s: errno %d\n", path, errno);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    try_mkdir("/tmp");
    try_mkdir("/tmp/inner");
    try_mkdir("/tmp/inner/sub");
    try_mkdir("/tmp/innerx");
    try_open("/tmp/a.txt");
    try_open("/tmp/inner");
    try_open("/tmp/inner/b.txt");
    try_open("/tmp/./inner/../inner/c.txt");
    try_open("/tmp/innerx/d.txt");
    try_open("/tmp/innerx");
    try_open("/tmpx.txt");
    try_open("/e.txt");
    int fd = openat(AT_FDCWD, "/tmp/inner/f.txt", O_CREAT | O_WRONLY, 0644);
    printf("openat /tmp/inner/f.txt: %s %d\n", fd < 0 ? "errno" : "fd", fd < 0 ? errno : fd);
    return 0;
}
