/* utimensat/futimens/utimes with fixed times, then stat: exact seconds
 * and nanoseconds; UTIME_OMIT, UTIME_NOW, AT_SYMLINK_NOFOLLOW. */
#include "testlib.h"
#include <sys/time.h>
#include <utime.h>
#include <time.h>

static void t(const char *p, int follow) {
    struct stat st;
    int r = follow ? stat(p, &st) : lstat(p, &st);
    if (r) { printf("  %s %s\n", p, errname(errno)); return; }
    printf("  %s atime %lld.%09ld mtime %lld.%09ld\n", p, (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

int main(void) {
    put_file("f", "x");
    struct timespec ts[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
    CHECK(utimensat(AT_FDCWD, "f", ts, 0));
    t("f", 1);
    ts[0].tv_nsec = UTIME_OMIT;
    ts[1].tv_sec = 86400;
    ts[1].tv_nsec = 0;
    CHECK(utimensat(AT_FDCWD, "f", ts, 0));
    t("f", 1);
    int fd = open("f", O_RDWR);
    struct timespec ts2[2] = {{0, 0}, {2000000000, 5}};
    CHECK(futimens(fd, ts2));
    t("f", 1);
    close(fd);
    struct timeval tv[2] = {{300, 250000}, {400, 999999}};
    CHECK(utimes("f", tv));
    t("f", 1);
    struct utimbuf ub = {777, 888};
    CHECK(utime("f", &ub));
    t("f", 1);
    CHECK(symlink("f", "l"));
    struct timespec ts3[2] = {{5, 0}, {6, 0}};
    CHECK(utimensat(AT_FDCWD, "l", ts3, AT_SYMLINK_NOFOLLOW));
    t("f", 1);
    t("l", 0);
    struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    time_t before = time(NULL);
    CHECK(utimensat(AT_FDCWD, "f", now, 0));
    struct stat st;
    stat("f", &st);
    printf("UTIME_NOW mtime recent: %d\n", st.st_mtim.tv_sec >= before - 1 && st.st_mtim.tv_sec <= time(NULL) + 1);
    CHECK(utimensat(AT_FDCWD, "f", NULL, 0));
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    CHECK(utimensat(AT_FDCWD, "f", bad, 0));
    CHECK(utimensat(AT_FDCWD, "missing", ts, 0));
    CHECK(utimensat(AT_FDCWD, "f", ts, 0x4000));
    mkdir("d", 0755);
    struct timespec ts4[2] = {{11, 22}, {33, 44}};
    CHECK(utimensat(AT_FDCWD, "d", ts4, 0));
    t("d", 1);
    return 0;
}
