/* stat/fstat/lstat: the deterministic fields (type, mode, size, nlink,
 * same-file identity, uid/gid equal to ours), for files, dirs, symlinks. */
#include "testlib.h"

static void show(const char *label, int r, struct stat *st) {
    if (r != 0) { printf("%s: -1 %s\n", label, errname(errno)); return; }
    const char *t = S_ISREG(st->st_mode) ? "reg" : S_ISDIR(st->st_mode) ? "dir" : S_ISLNK(st->st_mode) ? "lnk" : "other";
    printf("%s: %s mode %04o size %lld nlink %ld own-uid %d own-gid %d blksize>0 %d\n", label, t,
           st->st_mode & 07777, (long long)st->st_size, (long)st->st_nlink,
           st->st_uid == getuid(), st->st_gid == getgid(), st->st_blksize > 0);
}

int main(void) {
    umask(022);
    struct stat st, st2;
    put_file("f", "twelve bytes");
    show("stat f", stat("f", &st), &st);
    int fd = open("f", O_RDONLY);
    show("fstat f", fstat(fd, &st2), &st2);
    printf("same file: %d\n", st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    close(fd);
    CHECK(mkdir("d", 0755));
    show("stat d", stat("d", &st), &st);
    CHECK(mkdir("d/s1", 0755));
    CHECK(mkdir("d/s2", 0755));
    show("stat d (2 subdirs)", stat("d", &st), &st);
    show("stat d/", stat("d/", &st), &st);
    CHECK(symlink("f", "l"));
    show("lstat l", lstat("l", &st), &st);
    show("stat l", stat("l", &st), &st);
    show("lstat f", lstat("f", &st), &st);
    CHECK(symlink("a/much/longer/target/that/does/not/exist", "dangling"));
    show("lstat dangling", lstat("dangling", &st), &st);
    show("stat dangling", stat("dangling", &st), &st);
    show("stat missing", stat("missing", &st), &st);
    show("stat f/x", stat("f/x", &st), &st);
    show("stat empty", stat("", &st), &st);
    put_file("empty", "");
    show("stat empty file", stat("empty", &st), &st);
    fd = open("grow", O_RDWR | O_CREAT, 0640);
    write(fd, "abc", 3);
    show("fstat grow", fstat(fd, &st), &st);
    lseek(fd, 99, SEEK_SET);
    write(fd, "z", 1);
    show("fstat grown", fstat(fd, &st), &st);
    close(fd);
    show("stat .", stat(".", &st), &st);
    struct stat a, b;
    stat("d/s1/..", &a);
    stat("d", &b);
    printf("d/s1/.. is d: %d\n", a.st_ino == b.st_ino);
    printf("S_IFMT values: reg %d dir %d lnk %d\n", S_IFREG == 0100000, S_IFDIR == 0040000, S_IFLNK == 0120000);
    return 0;
}
