// chmod/fchmod/fchmodat, chown/fchown/lchown/fchownat, truncate/ftruncate,
// fsync/fdatasync, utimensat, umask.
#include "fs_util.h"

namespace lind::rawposix::test {
namespace {

class FsAttrTest : public FsTest {};

TEST_F(FsAttrTest, Chmod) {
  host_write("f", "");
  host_symlink("f", "l");
  EXPECT_EQ(call(LIND_SYS_chmod, put("/f"), 0600), 0);
  EXPECT_EQ(host_stat("f").st_mode & 07777, 0600u);
  EXPECT_EQ(call(LIND_SYS_chmod, put("/l"), 0640), 0);  // follows
  EXPECT_EQ(host_stat("f").st_mode & 07777, 0640u);
  EXPECT_EQ(call(LIND_SYS_chmod, put("/f"), 0104755), 0);  // file-type bits ignored
  EXPECT_EQ(host_stat("f").st_mode, S_IFREG | 04755u);
  int64_t fd = open("/f", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_fchmod, fd, 0444), 0);
  EXPECT_EQ(host_stat("f").st_mode & 07777, 0444u);
  EXPECT_EQ(call(LIND_SYS_fchmodat, kFdcwd, put("f"), 0400, 0), 0);
  EXPECT_EQ(host_stat("f").st_mode & 07777, 0400u);
  EXPECT_EQ(call(LIND_SYS_fchmodat, fd, put(""), 0600, AT_EMPTY_PATH), 0);
  EXPECT_EQ(host_stat("f").st_mode & 07777, 0600u);
  EXPECT_EQ(call(LIND_SYS_fchmodat, kFdcwd, put("l"), 0600, AT_SYMLINK_NOFOLLOW), -EOPNOTSUPP);
  EXPECT_EQ(call(LIND_SYS_fchmodat, kFdcwd, put("f"), 0600, AT_SYMLINK_NOFOLLOW), 0);

  EXPECT_EQ(call(LIND_SYS_chmod, put("/missing"), 0600), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chmod, put(""), 0600), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chmod, put("/f/"), 0600), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_chmod, unterminated_at_end("/f"), 0600), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_fchmod, 99, 0600), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fchmod, open("/f", O_PATH), 0600), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fchmodat, kFdcwd, put("f"), 0600, 0x1), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_fchmodat, 99, put("f"), 0600, 0), -EBADF);
}

TEST_F(FsAttrTest, Chown) {
  host_write("f", "");
  host_symlink("f", "l");
  uid_t uid = geteuid();
  gid_t gid = getegid();
  EXPECT_EQ(call(LIND_SYS_chown, put("/f"), uid, gid), 0);
  EXPECT_EQ(call(LIND_SYS_chown, put("/f"), uint32_t(-1), uint32_t(-1)), 0);  // no change
  EXPECT_EQ(call(LIND_SYS_chown, put("/f"), uint64_t(-1), uint64_t(-1)), 0);  // sign-extended -1
  EXPECT_EQ(call(LIND_SYS_lchown, put("/l"), uid, gid), 0);
  EXPECT_EQ(call(LIND_SYS_fchown, open("/f", O_RDONLY), uid, gid), 0);
  EXPECT_EQ(call(LIND_SYS_fchownat, kFdcwd, put("l"), uid, gid, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_EQ(call(LIND_SYS_fchownat, open("/f", O_PATH), put(""), uid, gid, AT_EMPTY_PATH), 0);
  if (uid == 0) {  // root may give files away; check it lands on the right inode
    EXPECT_EQ(call(LIND_SYS_lchown, put("/l"), 1234, 5678), 0);
    EXPECT_EQ(host_stat("l").st_uid, 1234u);
    EXPECT_EQ(host_stat("f").st_uid, 0u);
    EXPECT_EQ(call(LIND_SYS_chown, put("/l"), 4321, -1), 0);
    EXPECT_EQ(host_stat("f").st_uid, 4321u);
    EXPECT_EQ(host_stat("f").st_gid, 0u);
  } else {
    EXPECT_EQ(call(LIND_SYS_chown, put("/f"), 0, 0), -EPERM);
  }
  EXPECT_EQ(call(LIND_SYS_chown, put("/missing"), uid, gid), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chown, put(""), uid, gid), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_fchown, 99, uid, gid), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fchownat, kFdcwd, put("f"), uid, gid, 0x1), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_lchown, unterminated_at_end("/l"), uid, gid), -EFAULT);
}

TEST_F(FsAttrTest, TruncateAndFtruncate) {
  host_write("f", "0123456789");
  host_symlink("f", "l");
  host_mkdir("d");
  EXPECT_EQ(call(LIND_SYS_truncate, put("/l"), 4), 0);
  EXPECT_EQ(host_read("f"), "0123");
  EXPECT_EQ(call(LIND_SYS_truncate, put("/f"), 6), 0);
  EXPECT_EQ(host_read("f"), std::string("0123\0\0", 6));
  int64_t fd = open("/f", O_RDWR);
  EXPECT_EQ(call(LIND_SYS_ftruncate, fd, 2), 0);
  EXPECT_EQ(host_read("f"), "01");
  EXPECT_EQ(call(LIND_SYS_truncate, put("/d"), 0), -EISDIR);
  EXPECT_EQ(call(LIND_SYS_truncate, put("/missing"), 0), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_truncate, put("/missing"), -1), -ENOENT);  // lookup first
  EXPECT_EQ(call(LIND_SYS_truncate, put("/f"), -1), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_truncate, put("/f/"), 0), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_truncate, put(""), 0), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_truncate, unterminated_at_end("/f"), 0), -EFAULT);
  ASSERT_EQ(::mkfifo(host("fifo").c_str(), 0644), 0);
  EXPECT_EQ(call(LIND_SYS_truncate, put("/fifo"), 0), -EINVAL);  // and does not block
  EXPECT_EQ(call(LIND_SYS_ftruncate, fd, -1), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_ftruncate, 99, -1), -EBADF);  // the fd first, as Linux 6.x
  EXPECT_EQ(call(LIND_SYS_ftruncate, open("/f", O_RDONLY), 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_ftruncate, open("/d", O_RDONLY), 0), -EINVAL);
}

TEST_F(FsAttrTest, TruncateNeedsWritePermission) {
  host_write("ro", "abc", 0444);
  host_write("rw", "abc", 0666);
  {
    AsUnprivileged nobody(root_);
    ASSERT_TRUE(AsUnprivileged::active());
    EXPECT_EQ(call(LIND_SYS_truncate, put("/ro"), 0), -EACCES);
    EXPECT_EQ(call(LIND_SYS_truncate, put("/rw"), 1), 0);  // the file is reachable
  }
  EXPECT_EQ(host_read("ro"), "abc");
  EXPECT_EQ(host_read("rw"), "a");
}

TEST_F(FsAttrTest, FsyncFdatasync) {
  int64_t fd = open("/f", O_CREAT | O_WRONLY, 0644);
  write_fd(fd, "x");
  EXPECT_EQ(call(LIND_SYS_fsync, fd), 0);
  EXPECT_EQ(call(LIND_SYS_fdatasync, fd), 0);
  EXPECT_EQ(call(LIND_SYS_fsync, 99), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fdatasync, uint64_t(-1)), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fsync, open("/f", O_PATH)), -EBADF);
}

TEST_F(FsAttrTest, Utimensat) {
  host_write("f", "");
  host_symlink("f", "l");
  struct timespec ts[2] = {{1000, 5}, {2000, 7}};
  uint64_t t = put(ts, sizeof ts);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put("/l"), t, 0), 0);
  struct stat st = host_stat("f");
  EXPECT_EQ(st.st_atim.tv_sec, 1000);
  EXPECT_EQ(st.st_atim.tv_nsec, 5);
  EXPECT_EQ(st.st_mtim.tv_sec, 2000);
  struct timespec ts2[2] = {{3000, 0}, {0, UTIME_OMIT}};
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put("/l"), put(ts2, sizeof ts2), AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_EQ(host_stat("l").st_atim.tv_sec, 3000);
  EXPECT_EQ(host_stat("f").st_atim.tv_sec, 1000);  // the target is untouched
  int64_t fd = open("/f", O_RDWR);
  struct timespec ts3[2] = {{0, UTIME_OMIT}, {4000, 0}};
  EXPECT_EQ(call(LIND_SYS_utimensat, fd, 0, put(ts3, sizeof ts3), 0), 0);  // futimens
  EXPECT_EQ(host_stat("f").st_mtim.tv_sec, 4000);
  EXPECT_EQ(call(LIND_SYS_utimensat, fd, 0, 0, 0), 0);  // now
  EXPECT_GT(host_stat("f").st_mtim.tv_sec, 4000);
  EXPECT_EQ(call(LIND_SYS_utimensat, fd, put(""), t, AT_EMPTY_PATH), 0);
  EXPECT_EQ(host_stat("f").st_mtim.tv_sec, 2000);

  struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
  uint64_t b = put(bad, sizeof bad);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put("/f"), b, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put("/missing"), b, 0), -ENOENT);  // lookup first
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put("/missing"), t, 0), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put("/f"), t, 0x8000), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, 0, t, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_utimensat, 99, 0, t, 0), -EBADF);
  EXPECT_EQ(call(LIND_SYS_utimensat, fd, 0, t, AT_SYMLINK_NOFOLLOW), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put("/f"), memory_size() - 8, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put(""), t, 0), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, unterminated_at_end("/f"), t, 0), -EFAULT);
}

TEST_F(FsAttrTest, UmaskReturnsTheOldValueAndKeepsPermissionBits) {
  EXPECT_EQ(call(LIND_SYS_umask, 0), 022);
  EXPECT_EQ(call(LIND_SYS_umask, 0177777), 0);
  EXPECT_EQ(call(LIND_SYS_umask, 022), 0777);
  // The host process's umask is 0, so only the cage's applies.
  mode_t host_mask = ::umask(0);
  ::umask(host_mask);
  EXPECT_EQ(host_mask, 0u);
}

}  // namespace
}  // namespace lind::rawposix::test
