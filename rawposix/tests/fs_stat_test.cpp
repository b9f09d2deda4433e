// stat, fstat, lstat, newfstatat, access, faccessat, statfs, fstatfs.
#include <sys/statfs.h>

#include "fs_util.h"

namespace lind::rawposix::test {
namespace {

class FsStatTest : public FsTest {};

TEST_F(FsStatTest, StatMatchesTheHostInKernelLayout) {
  host_write("f", "12345", 0640);
  struct stat st, want = host_stat("f");
  ASSERT_EQ(stat("/f", &st), 0);
  EXPECT_EQ(std::memcmp(&st, &want, sizeof st), 0);  // byte-for-byte: 144-byte kernel layout
  EXPECT_EQ(st.st_size, 5);
  EXPECT_EQ(st.st_mode, S_IFREG | 0640u);
  int64_t fd = open("/f", O_RDONLY);
  struct stat fst;
  ASSERT_EQ(fstat(fd, &fst), 0);
  EXPECT_EQ(fst.st_ino, want.st_ino);
}

TEST_F(FsStatTest, LstatAndNofollow) {
  host_write("f", "12345");
  host_symlink("f", "l");
  host_symlink("missing", "dangling");
  struct stat st;
  ASSERT_EQ(stat("/l", &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  ASSERT_EQ(stat("/l", &st, false), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  EXPECT_EQ(st.st_size, 1);
  EXPECT_EQ(stat("/dangling", &st), -ENOENT);
  EXPECT_EQ(stat("/dangling", &st, false), 0);
  uint64_t buf = reserve(sizeof(struct stat));
  EXPECT_EQ(call(LIND_SYS_newfstatat, kFdcwd, put("l"), buf, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_TRUE(S_ISLNK(get<struct stat>(buf).st_mode));
  EXPECT_EQ(call(LIND_SYS_newfstatat, kFdcwd32, put("l"), buf, 0), 0);
  EXPECT_TRUE(S_ISREG(get<struct stat>(buf).st_mode));
}

TEST_F(FsStatTest, TrailingSlashDotAndDotDot) {
  host_mkdir("d");
  host_write("f", "x");
  host_symlink("d", "ld");
  struct stat st;
  EXPECT_EQ(stat("/d/", &st), 0);
  EXPECT_EQ(stat("/f/", &st), -ENOTDIR);
  EXPECT_EQ(stat("/ld/", &st, false), 0);  // a trailing slash follows even for lstat
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(stat("/d/.", &st), 0);
  EXPECT_EQ(stat("/d/..", &st), 0);
  EXPECT_EQ(st.st_ino, host_stat(".").st_ino);  // the lindfs root
  EXPECT_EQ(stat("/..", &st), 0);
  EXPECT_EQ(st.st_ino, host_stat(".").st_ino);
  EXPECT_EQ(stat("/f/..", &st), -ENOTDIR);
}

TEST_F(FsStatTest, NewfstatatDirfdEmptyPathAndFlags) {
  host_mkdir("d");
  host_write("d/f", "abc");
  int64_t d = open("/d", O_RDONLY | O_DIRECTORY);
  int64_t f = open("/d/f", O_RDONLY);
  uint64_t buf = reserve(sizeof(struct stat));
  EXPECT_EQ(call(LIND_SYS_newfstatat, d, put("f"), buf, 0), 0);
  EXPECT_EQ(get<struct stat>(buf).st_size, 3);
  EXPECT_EQ(call(LIND_SYS_newfstatat, f, put(""), buf, AT_EMPTY_PATH), 0);
  EXPECT_EQ(get<struct stat>(buf).st_size, 3);
  EXPECT_EQ(call(LIND_SYS_newfstatat, kFdcwd, put(""), buf, AT_EMPTY_PATH), 0);  // the cwd
  EXPECT_EQ(get<struct stat>(buf).st_ino, host_stat(".").st_ino);
  EXPECT_EQ(call(LIND_SYS_newfstatat, f, put(""), buf, 0), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_newfstatat, f, put("x"), buf, 0), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_newfstatat, 77, put("x"), buf, 0), -EBADF);
  EXPECT_EQ(call(LIND_SYS_newfstatat, 77, put(""), buf, AT_EMPTY_PATH), -EBADF);
  EXPECT_EQ(call(LIND_SYS_newfstatat, d, put("f"), buf, 0x4000000), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_newfstatat, 77, put("/d/f"), buf, 0), 0);  // absolute: dirfd unused
}

TEST_F(FsStatTest, Errors) {
  host_write("f", "x");
  host_symlink("loop2", "loop1");
  host_symlink("loop1", "loop2");
  struct stat st;
  EXPECT_EQ(stat("/missing", &st), -ENOENT);
  EXPECT_EQ(stat("", &st), -ENOENT);
  EXPECT_EQ(stat("/loop1", &st), -ELOOP);
  EXPECT_EQ(stat("/loop1", &st, false), 0);
  EXPECT_EQ(stat("/f/x", &st), -ENOTDIR);
  EXPECT_EQ(stat("/" + std::string(300, 'n'), &st), -ENAMETOOLONG);
  EXPECT_EQ(stat(std::string(5000, 'n'), &st), -ENAMETOOLONG);
  uint64_t buf = reserve(sizeof(struct stat));
  EXPECT_EQ(call(LIND_SYS_stat, unterminated_at_end("/f"), buf), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_stat, memory_size() + 10, buf), -EFAULT);
  // The buffer is checked when the result is written: a lookup error wins.
  EXPECT_EQ(call(LIND_SYS_stat, put("/f"), memory_size() - 8), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_stat, put("/missing"), memory_size() - 8), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_fstat, 55, buf), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fstat, uint64_t(-1), buf), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fstat, 0, memory_size()), -EFAULT);
}

TEST_F(FsStatTest, Access) {
  host_write("f", "x", 0644);
  host_write("x", "x", 0755);
  host_symlink("f", "l");
  host_symlink("nowhere", "dangling");
  EXPECT_EQ(call(LIND_SYS_access, put("/f"), F_OK), 0);
  EXPECT_EQ(call(LIND_SYS_access, put("/f"), R_OK | W_OK), 0);
  EXPECT_EQ(call(LIND_SYS_access, put("/x"), X_OK), 0);
  // Even root needs an x bit to execute.
  EXPECT_EQ(call(LIND_SYS_access, put("/f"), X_OK), -EACCES);
  EXPECT_EQ(call(LIND_SYS_access, put("/missing"), F_OK), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_access, put("/dangling"), F_OK), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_access, put("/f/"), F_OK), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_access, put("/f"), 8), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_access, put(""), F_OK), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_access, unterminated_at_end("/f"), F_OK), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_faccessat, kFdcwd, put("dangling"), F_OK, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_EQ(call(LIND_SYS_faccessat, kFdcwd, put("f"), R_OK, AT_EACCESS), 0);
  EXPECT_EQ(call(LIND_SYS_faccessat, kFdcwd, put("f"), R_OK, 0x1), -EINVAL);
  int64_t f = open("/f", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_faccessat, f, put(""), R_OK, AT_EMPTY_PATH), 0);
  EXPECT_EQ(call(LIND_SYS_faccessat, f, put("x"), R_OK, 0), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_faccessat, 66, put("x"), R_OK, 0), -EBADF);
}

TEST_F(FsStatTest, AccessDeniedForAnUnprivilegedUser) {
  host_write("secret", "x", 0000);
  host_write("public", "x", 0644);
  host_mkdir("closed", 0000);
  {
    AsUnprivileged nobody(root_);
    ASSERT_TRUE(AsUnprivileged::active());
    // access() checks with the real uid (root's, under root): the
    // effective-id check is what this user gets.
    EXPECT_EQ(call(LIND_SYS_faccessat, kFdcwd, put("/secret"), R_OK, AT_EACCESS), -EACCES);
    EXPECT_EQ(open("/secret", O_RDONLY), -EACCES);
    EXPECT_EQ(stat("/closed/x"), -EACCES);
    EXPECT_EQ(call(LIND_SYS_faccessat, kFdcwd, put("/public"), R_OK, AT_EACCESS), 0);
    EXPECT_EQ(call(LIND_SYS_faccessat, kFdcwd, put("/public"), W_OK, AT_EACCESS), -EACCES);
    EXPECT_EQ(open("/public", O_RDONLY) >= 0, true);
  }
  // The thread's own ids are back.
  EXPECT_EQ(open("/secret", O_RDONLY) >= 0, geteuid() == 0);
  ::chmod(host("closed").c_str(), 0755);
}

TEST_F(FsStatTest, Statfs) {
  host_write("f", "x");
  uint64_t buf = reserve(sizeof(struct statfs));
  ASSERT_EQ(call(LIND_SYS_statfs, put("/f"), buf), 0);
  struct statfs want;
  ASSERT_EQ(::statfs(host("f").c_str(), &want), 0);
  auto got = get<struct statfs>(buf);
  EXPECT_EQ(got.f_type, want.f_type);
  EXPECT_EQ(got.f_bsize, want.f_bsize);
  EXPECT_EQ(got.f_namelen, want.f_namelen);
  int64_t fd = open("/f", O_RDONLY);
  uint64_t buf2 = reserve(sizeof(struct statfs));
  ASSERT_EQ(call(LIND_SYS_fstatfs, fd, buf2), 0);
  EXPECT_EQ(get<struct statfs>(buf2).f_type, want.f_type);
  EXPECT_EQ(call(LIND_SYS_statfs, put("/missing"), buf), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_statfs, put(""), buf), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_statfs, put("/f"), memory_size() - 100), -EFAULT);  // 120 bytes needed
  EXPECT_EQ(call(LIND_SYS_fstatfs, 99, buf), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fstatfs, fd, memory_size() - 119), -EFAULT);
}

}  // namespace
}  // namespace lind::rawposix::test
