/* Path and metadata calls: stat family, access, mkdir/rmdir, unlink, rename,
 * link, symlink, readlink, chmod/chown, umask, utimes, statfs, cwd. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include "internal.h"

/* wasi-libc's struct stat is byte-compatible with the x86-64 kernel's: the
 * kernel fills it directly. (st_blksize is a 32-bit long at the low half of
 * the kernel's 64-bit field; tv_nsec likewise.) */
_Static_assert(offsetof(struct stat, st_dev) == 0, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_ino) == 8, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_nlink) == 16, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_mode) == 24, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_uid) == 28, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_gid) == 32, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_rdev) == 40, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_size) == 48, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_blksize) == 56, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_blocks) == 64, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_atim) == 72, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_mtim) == 88, "x86-64 struct stat");
_Static_assert(offsetof(struct stat, st_ctim) == 104, "x86-64 struct stat");
_Static_assert(sizeof(struct stat) == 144, "x86-64 struct stat");
_Static_assert(sizeof(struct timespec) == 16, "x86-64 struct timespec");
_Static_assert(offsetof(struct timespec, tv_nsec) == 8, "x86-64 struct timespec");

/* The kernel writes st_blksize and tv_nsec as 64-bit values; their high
 * halves land in padding. Nothing to fix up on little-endian wasm. */

int stat(const char *__restrict path, struct stat *__restrict st) {
    return (int)__lind_ret(SC2(LIND_SYS_stat, LA_P(path), LA_P(st)));
}

int fstat(int fd, struct stat *st) {
    return (int)__lind_ret(SC2(LIND_SYS_fstat, LA_I(fd), LA_P(st)));
}

int lstat(const char *__restrict path, struct stat *__restrict st) {
    return (int)__lind_ret(SC2(LIND_SYS_lstat, LA_P(path), LA_P(st)));
}

int fstatat(int dirfd, const char *__restrict path, struct stat *__restrict st, int flags) {
    return (int)__lind_ret(SC4(LIND_SYS_newfstatat, LA_I(dirfd), LA_P(path), LA_P(st), LA_I(flags)));
}

int access(const char *path, int mode) {
    return (int)__lind_ret(SC2(LIND_SYS_access, LA_P(path), LA_I(mode)));
}

/* a4 carries the flags (AT_EACCESS, AT_SYMLINK_NOFOLLOW), as faccessat2. */
int faccessat(int dirfd, const char *path, int mode, int flags) {
    return (int)__lind_ret(SC4(LIND_SYS_faccessat, LA_I(dirfd), LA_P(path), LA_I(mode), LA_I(flags)));
}

int mkdir(const char *path, mode_t mode) {
    return (int)__lind_ret(SC2(LIND_SYS_mkdir, LA_P(path), LA_U(mode)));
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
    return (int)__lind_ret(SC3(LIND_SYS_mkdirat, LA_I(dirfd), LA_P(path), LA_U(mode)));
}

int rmdir(const char *path) {
    return (int)__lind_ret(SC1(LIND_SYS_rmdir, LA_P(path)));
}

int unlink(const char *path) {
    return (int)__lind_ret(SC1(LIND_SYS_unlink, LA_P(path)));
}

int unlinkat(int dirfd, const char *path, int flags) {
    return (int)__lind_ret(SC3(LIND_SYS_unlinkat, LA_I(dirfd), LA_P(path), LA_I(flags)));
}

int remove(const char *path) {
    int64_t r = SC1(LIND_SYS_unlink, LA_P(path));
    if (r == -21 /* Linux EISDIR */) r = SC1(LIND_SYS_rmdir, LA_P(path));
    return (int)__lind_ret(r);
}

int rename(const char *old, const char *new) {
    return (int)__lind_ret(SC2(LIND_SYS_rename, LA_P(old), LA_P(new)));
}

int renameat(int olddir, const char *old, int newdir, const char *new) {
    return (int)__lind_ret(SC4(LIND_SYS_renameat, LA_I(olddir), LA_P(old), LA_I(newdir), LA_P(new)));
}

int renameat2(int olddir, const char *old, int newdir, const char *new, unsigned flags) {
    return (int)__lind_ret(
        SC5(LIND_SYS_renameat2, LA_I(olddir), LA_P(old), LA_I(newdir), LA_P(new), LA_U(flags)));
}

int link(const char *old, const char *new) {
    return (int)__lind_ret(SC2(LIND_SYS_link, LA_P(old), LA_P(new)));
}

int linkat(int olddir, const char *old, int newdir, const char *new, int flags) {
    return (int)__lind_ret(
        SC5(LIND_SYS_linkat, LA_I(olddir), LA_P(old), LA_I(newdir), LA_P(new), LA_I(flags)));
}

int symlink(const char *target, const char *path) {
    return (int)__lind_ret(SC2(LIND_SYS_symlink, LA_P(target), LA_P(path)));
}

int symlinkat(const char *target, int dirfd, const char *path) {
    return (int)__lind_ret(SC3(LIND_SYS_symlinkat, LA_P(target), LA_I(dirfd), LA_P(path)));
}

ssize_t readlink(const char *__restrict path, char *__restrict buf, size_t n) {
    return __lind_ret(SC3(LIND_SYS_readlink, LA_P(path), LA_P(buf), LA_U(n)));
}

ssize_t readlinkat(int dirfd, const char *__restrict path, char *__restrict buf, size_t n) {
    return __lind_ret(SC4(LIND_SYS_readlinkat, LA_I(dirfd), LA_P(path), LA_P(buf), LA_U(n)));
}

int chmod(const char *path, mode_t mode) {
    return (int)__lind_ret(SC2(LIND_SYS_chmod, LA_P(path), LA_U(mode)));
}

int fchmod(int fd, mode_t mode) {
    return (int)__lind_ret(SC2(LIND_SYS_fchmod, LA_I(fd), LA_U(mode)));
}

/* a4 carries the flags (as fchmodat2). */
int fchmodat(int dirfd, const char *path, mode_t mode, int flags) {
    return (int)__lind_ret(SC4(LIND_SYS_fchmodat, LA_I(dirfd), LA_P(path), LA_U(mode), LA_I(flags)));
}

int chown(const char *path, uid_t uid, gid_t gid) {
    return (int)__lind_ret(SC3(LIND_SYS_chown, LA_P(path), LA_I((int)uid), LA_I((int)gid)));
}

int fchown(int fd, uid_t uid, gid_t gid) {
    return (int)__lind_ret(SC3(LIND_SYS_fchown, LA_I(fd), LA_I((int)uid), LA_I((int)gid)));
}

int lchown(const char *path, uid_t uid, gid_t gid) {
    return (int)__lind_ret(SC3(LIND_SYS_lchown, LA_P(path), LA_I((int)uid), LA_I((int)gid)));
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags) {
    return (int)__lind_ret(
        SC5(LIND_SYS_fchownat, LA_I(dirfd), LA_P(path), LA_I((int)uid), LA_I((int)gid), LA_I(flags)));
}

mode_t umask(mode_t mask) {
    return (mode_t)__lind_ret(SC1(LIND_SYS_umask, LA_U(mask & 0777)));
}

/* mknod (133) and mknodat (259): Linux numbers, not yet served. */
int mknod(const char *path, mode_t mode, dev_t dev) {
    return (int)__lind_ret(SC3(LIND_SYS_mknod, LA_P(path), LA_U(mode), LA_U(dev)));
}

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev) {
    return (int)__lind_ret(SC4(LIND_SYS_mknodat, LA_I(dirfd), LA_P(path), LA_U(mode), LA_U(dev)));
}

int mkfifo(const char *path, mode_t mode) {
    return mknod(path, (mode & ~S_IFMT) | S_IFIFO, 0);
}

int mkfifoat(int dirfd, const char *path, mode_t mode) {
    return mknodat(dirfd, path, (mode & ~S_IFMT) | S_IFIFO, 0);
}

/* utimensat: the two timespecs are copied into the kernel layout (wasi-libc's
 * tv_nsec is 32 bits plus padding). wasi-libc's UTIME_NOW/UTIME_OMIT (-1/-2)
 * are accepted too. */
static int64_t kernel_nsec(long ns) {
    if (ns == -1) return UTIME_NOW;
    if (ns == -2) return UTIME_OMIT;
    return ns;
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags) {
    struct __lind_kernel_timespec k[2], *pk = 0;
    if (times) {
        for (int i = 0; i < 2; ++i) {
            k[i].tv_sec = times[i].tv_sec;
            k[i].tv_nsec = kernel_nsec(times[i].tv_nsec);
        }
        pk = k;
    }
    return (int)__lind_ret(SC4(LIND_SYS_utimensat, LA_I(dirfd), LA_P(path), LA_P(pk), LA_I(flags)));
}

int futimens(int fd, const struct timespec times[2]) {
    return utimensat(fd, 0, times, 0);
}

static const struct timespec *tv_to_ts(const struct timeval tv[2], struct timespec ts[2]) {
    if (!tv) return 0;
    for (int i = 0; i < 2; ++i) {
        if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000) return (const struct timespec *)-1;
        ts[i].tv_sec = tv[i].tv_sec;
        ts[i].tv_nsec = (long)tv[i].tv_usec * 1000;
    }
    return ts;
}

int utimes(const char *path, const struct timeval tv[2]) {
    struct timespec ts[2];
    const struct timespec *p = tv_to_ts(tv, ts);
    if (p == (const struct timespec *)-1) return (int)__lind_fail(EINVAL);
    return utimensat(AT_FDCWD, path, p, 0);
}

int lutimes(const char *path, const struct timeval tv[2]) {
    struct timespec ts[2];
    const struct timespec *p = tv_to_ts(tv, ts);
    if (p == (const struct timespec *)-1) return (int)__lind_fail(EINVAL);
    return utimensat(AT_FDCWD, path, p, AT_SYMLINK_NOFOLLOW);
}

int futimes(int fd, const struct timeval tv[2]) {
    struct timespec ts[2];
    const struct timespec *p = tv_to_ts(tv, ts);
    if (p == (const struct timespec *)-1) return (int)__lind_fail(EINVAL);
    return futimens(fd, p);
}

int utime(const char *path, const struct utimbuf *t) {
    struct timespec ts[2];
    if (!t) return utimensat(AT_FDCWD, path, 0, 0);
    ts[0].tv_sec = t->actime;
    ts[0].tv_nsec = 0;
    ts[1].tv_sec = t->modtime;
    ts[1].tv_nsec = 0;
    return utimensat(AT_FDCWD, path, ts, 0);
}

/* The x86-64 kernel's struct statfs: every field 64 bits. */
struct kernel_statfs {
    int64_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct kernel_statfs) == 120, "x86-64 struct statfs");

static void from_kernel_statfs(const struct kernel_statfs *k, struct statfs *s) {
    memset(s, 0, sizeof *s);
    s->f_type = (unsigned long)k->f_type;
    s->f_bsize = (unsigned long)k->f_bsize;
    s->f_blocks = k->f_blocks;
    s->f_bfree = k->f_bfree;
    s->f_bavail = k->f_bavail;
    s->f_files = k->f_files;
    s->f_ffree = k->f_ffree;
    s->f_fsid.__val[0] = k->f_fsid[0];
    s->f_fsid.__val[1] = k->f_fsid[1];
    s->f_namelen = (unsigned long)k->f_namelen;
    s->f_frsize = (unsigned long)k->f_frsize;
    s->f_flags = (unsigned long)k->f_flags;
}

int statfs(const char *path, struct statfs *s) {
    struct kernel_statfs k;
    if (!s) return (int)__lind_fail(EFAULT);
    int64_t r = SC2(LIND_SYS_statfs, LA_P(path), LA_P(&k));
    if (!__lind_is_err(r)) from_kernel_statfs(&k, s);
    return (int)__lind_ret(r);
}

int fstatfs(int fd, struct statfs *s) {
    struct kernel_statfs k;
    if (!s) return (int)__lind_fail(EFAULT);
    int64_t r = SC2(LIND_SYS_fstatfs, LA_I(fd), LA_P(&k));
    if (!__lind_is_err(r)) from_kernel_statfs(&k, s);
    return (int)__lind_ret(r);
}

static void statvfs_from_statfs(const struct statfs *f, struct statvfs *v) {
    memset(v, 0, sizeof *v);
    v->f_bsize = f->f_bsize;
    v->f_frsize = f->f_frsize ? f->f_frsize : f->f_bsize;
    v->f_blocks = f->f_blocks;
    v->f_bfree = f->f_bfree;
    v->f_bavail = f->f_bavail;
    v->f_files = f->f_files;
    v->f_ffree = f->f_ffree;
    v->f_favail = f->f_ffree;
    v->f_fsid = (unsigned long)f->f_fsid.__val[0];
    v->f_flag = f->f_flags & ~32ul; /* drop the kernel's ST_VALID */
    v->f_namemax = f->f_namelen;
}

int statvfs(const char *__restrict path, struct statvfs *__restrict v) {
    struct statfs f;
    if (!v) return (int)__lind_fail(EFAULT);
    if (statfs(path, &f) < 0) return -1;
    statvfs_from_statfs(&f, v);
    return 0;
}

int fstatvfs(int fd, struct statvfs *v) {
    struct statfs f;
    if (!v) return (int)__lind_fail(EFAULT);
    if (fstatfs(fd, &f) < 0) return -1;
    statvfs_from_statfs(&f, v);
    return 0;
}

/* getcwd (79) returns the length including the NUL. getcwd(NULL, 0)
 * allocates, as glibc does. */
char *getcwd(char *buf, size_t size) {
    char tmp[PATH_MAX];
    char *dst = buf;
    if (!buf) {
        dst = tmp;
        size = size ? size : sizeof tmp;
        if (size > sizeof tmp) size = sizeof tmp;
    } else if (size == 0) {
        errno = EINVAL;
        return 0;
    }
    int64_t r = SC2(LIND_SYS_getcwd, LA_P(dst), LA_U(size));
    if (__lind_ret(r) < 0) return 0;
    if (!buf) return strdup(tmp);
    return buf;
}

char *get_current_dir_name(void) {
    return getcwd(0, 0);
}

int chdir(const char *path) {
    return (int)__lind_ret(SC1(LIND_SYS_chdir, LA_P(path)));
}

int fchdir(int fd) {
    return (int)__lind_ret(SC1(LIND_SYS_fchdir, LA_I(fd)));
}
