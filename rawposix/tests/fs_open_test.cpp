// open, openat, creat: flags, modes and the cage umask, fd numbering and
// close-on-exec, directory fds, and every errno path.
#include <sys/resource.h>

#include <algorithm>

#include "fs_util.h"

namespace lind::rawposix::test {
namespace {

class FsOpenTest : public FsTest {};

TEST_F(FsOpenTest, CreatesWritesAndReadsBack) {
  int64_t fd = open("/f", O_CREAT | O_RDWR, 0644);
  ASSERT_EQ(fd, 3);  // 0-2 are stdio
  EXPECT_EQ(write_fd(fd, "hello"), 5);
  EXPECT_EQ(call(LIND_SYS_lseek, fd, 0, SEEK_SET), 0);
  EXPECT_EQ(read_fd(fd), "hello");
  EXPECT_EQ(close(fd), 0);
  EXPECT_EQ(host_read("f"), "hello");
  EXPECT_EQ(host_stat("f").st_mode & 07777, 0644u);
}

TEST_F(FsOpenTest, CageUmaskAppliesToCreationModes) {
  EXPECT_EQ(call(LIND_SYS_umask, 027), 022);  // returns the old mask
  ASSERT_GE(open("/f", O_CREAT | O_WRONLY, 0777), 0);
  EXPECT_EQ(host_stat("f").st_mode & 07777, 0750u);
  EXPECT_EQ(call(LIND_SYS_umask, 0), 027);
  ASSERT_GE(open("/g", O_CREAT | O_WRONLY, 04777), 0);
  EXPECT_EQ(host_stat("g").st_mode & 07777, 04777u);
  // Without O_CREAT the mode is ignored (openat2 would refuse it).
  EXPECT_GE(open("/g", O_RDONLY, 0777), 0);
}

TEST_F(FsOpenTest, CreatIsOpenCreatWriteTrunc) {
  host_write("f", "old contents");
  int64_t fd = call(LIND_SYS_creat, put("/f"), 0600);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(host_read("f"), "");
  EXPECT_EQ(read_fd(fd), "");  // write-only
  EXPECT_EQ(call(LIND_SYS_read, fd, reserve(4), 4), -EBADF);
  ASSERT_GE(call(LIND_SYS_creat, put("/new"), 0666), 0);
  EXPECT_EQ(host_stat("new").st_mode & 07777, 0644u);  // default umask 022
}

TEST_F(FsOpenTest, LowestFreeFdAndCloexec) {
  host_write("f", "x");
  int64_t a = open("/f", O_RDONLY), b = open("/f", O_RDONLY | O_CLOEXEC), c = open("/f", O_RDONLY);
  EXPECT_EQ(a, 3);
  EXPECT_EQ(b, 4);
  EXPECT_EQ(c, 5);
  EXPECT_EQ(call(LIND_SYS_fcntl, b, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(call(LIND_SYS_fcntl, a, F_GETFD), 0);
  EXPECT_EQ(close(b), 0);
  EXPECT_EQ(open("/f", O_RDONLY), 4);
  // The host fd is close-on-exec whatever the cage asked (virtual flag).
  OpenFile* f = find_cage(cage_)->fds.get(static_cast<int>(a));
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(::fcntl(f->host_fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
}

TEST_F(FsOpenTest, StatusFlagsAsLinuxReportsThem) {
  host_write("f", "x");
  int64_t fd = open("/f", O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  ASSERT_GE(fd, 0);
  int64_t fl = call(LIND_SYS_fcntl, fd, F_GETFL);
  EXPECT_EQ(fl & O_ACCMODE, O_WRONLY);
  EXPECT_TRUE(fl & O_APPEND);
  EXPECT_TRUE(fl & O_NONBLOCK);
  EXPECT_FALSE(fl & O_CLOEXEC);
  EXPECT_FALSE(fl & O_NOCTTY);
  // Unknown flag bits are ignored, as by open(2).
  EXPECT_GE(open("/f", O_RDONLY | 0x40000000), 0);
}

TEST_F(FsOpenTest, OpenatRelativeToDirectoryFdAndCwd) {
  host_mkdir("d");
  host_mkdir("d/e");
  host_write("d/e/f", "deep");
  int64_t d = open("/d", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(d, 0);
  int64_t f = openat(d, "e/f", O_RDONLY);
  ASSERT_GE(f, 0);
  EXPECT_EQ(read_fd(f), "deep");
  EXPECT_GE(call(LIND_SYS_openat, kFdcwd32, put("d/e/f"), O_RDONLY), 0);
  EXPECT_GE(openat(kFdcwd, "d/e/f", O_RDONLY), 0);
  // An absolute path ignores the dirfd, even a bad one.
  EXPECT_GE(openat(999, "/d/e/f", O_RDONLY), 0);
  EXPECT_EQ(call(LIND_SYS_chdir, put("/d")), 0);
  EXPECT_GE(open("e/f", O_RDONLY), 0);
  EXPECT_GE(openat(kFdcwd, "./e/../e/f", O_RDONLY), 0);
}

TEST_F(FsOpenTest, OpenatDirfdErrors) {
  host_write("f", "x");
  int64_t file = open("/f", O_RDONLY);
  EXPECT_EQ(openat(999, "f", O_RDONLY), -EBADF);
  EXPECT_EQ(openat(-1, "f", O_RDONLY), -EBADF);
  EXPECT_EQ(openat(file, "x", O_RDONLY), -ENOTDIR);
  EXPECT_EQ(openat(0, "x", O_RDONLY), -ENOTDIR);  // host stdio is never a dirfd
}

TEST_F(FsOpenTest, ExclTruncDirectoryAndNofollow) {
  host_write("f", "data");
  host_mkdir("d");
  host_symlink("f", "l");
  EXPECT_EQ(open("/f", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST);
  EXPECT_EQ(open("/l", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST);  // even a symlink
  EXPECT_EQ(open("/d", O_WRONLY), -EISDIR);
  EXPECT_EQ(open("/d", O_RDWR), -EISDIR);
  EXPECT_EQ(open("/f", O_RDONLY | O_DIRECTORY), -ENOTDIR);
  EXPECT_EQ(open("/f/", O_RDONLY), -ENOTDIR);
  EXPECT_EQ(open("/f/x", O_RDONLY), -ENOTDIR);
  EXPECT_EQ(open("/l", O_RDONLY | O_NOFOLLOW), -ELOOP);
  EXPECT_EQ(open("/missing", O_RDONLY), -ENOENT);
  EXPECT_EQ(open("/missing/x", O_CREAT | O_WRONLY, 0644), -ENOENT);
  EXPECT_EQ(open("/new/", O_CREAT | O_WRONLY, 0644), -EISDIR);
  int64_t fd = open("/l", O_WRONLY | O_TRUNC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(host_read("f"), "");
}

TEST_F(FsOpenTest, OpathAndTmpfile) {
  host_write("f", "x");
  host_symlink("f", "l");
  // O_PATH ignores the other flags as open(2) does (openat2 would refuse).
  int64_t p = open("/f", O_PATH | O_RDWR | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(p, 0);
  EXPECT_EQ(host_read("f"), "x");
  EXPECT_EQ(call(LIND_SYS_read, p, reserve(4), 4), -EBADF);
  struct stat st;
  EXPECT_EQ(fstat(p, &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  int64_t pl = open("/l", O_PATH | O_NOFOLLOW);
  ASSERT_GE(pl, 0);
  EXPECT_EQ(fstat(pl, &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  // O_TMPFILE: an unnamed file in a directory; its mode gets the umask.
  int64_t t = open("/", O_TMPFILE | O_RDWR, 0666);
  if (t == -EOPNOTSUPP) GTEST_SKIP() << "the scratch file system has no O_TMPFILE";
  ASSERT_GE(t, 0);
  EXPECT_EQ(fstat(t, &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(open("/", O_TMPFILE | O_RDONLY, 0666), -EINVAL);
}

TEST_F(FsOpenTest, PathStringErrors) {
  EXPECT_EQ(open("", O_RDONLY), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_open, memory_size(), O_RDONLY), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_open, uint64_t(-1), O_RDONLY), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_open, unterminated_at_end("/abc"), O_RDONLY), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_open, unterminated_at_end("/abc"), O_CREAT | O_WRONLY, 0644), -EFAULT);
  EXPECT_FALSE(host_exists("abc"));
  EXPECT_EQ(open(std::string(4096, 'a'), O_RDONLY), -ENAMETOOLONG);  // no NUL within PATH_MAX
  EXPECT_EQ(open("/" + std::string(256, 'a'), O_RDONLY), -ENAMETOOLONG);  // NAME_MAX
  std::string long_ok;
  while (long_ok.size() < 4090) long_ok += "./";
  EXPECT_EQ(open(long_ok + "x", O_RDONLY), -ENOENT);  // 4091 bytes: fine
}

TEST_F(FsOpenTest, LongRelativePathWithDeepCwd) {
  // cwd + path exceeds PATH_MAX though each fits: Linux accepts it.
  std::string dir;
  for (int i = 0; i < 12; ++i) dir += "/" + std::string(200, 'a' + i);
  ASSERT_EQ(::mkdir(host(dir.substr(1, 200)).c_str(), 0755), 0);
  std::string built;
  for (int i = 0; i < 12; ++i) {
    built += "/" + std::string(200, 'a' + i);
    if (i) ASSERT_EQ(::mkdir(host(built.substr(1)).c_str(), 0755), 0);
  }
  host_write(built.substr(1) + "/f", "deep");
  ASSERT_EQ(call(LIND_SYS_chdir, put(dir)), 0);
  std::string rel;
  while (rel.size() < 3000) rel += "./";
  int64_t fd = open(rel + "f", O_RDONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read_fd(fd), "deep");
  // And ".." above the cwd from such a path.
  EXPECT_GE(open(rel + "../" + std::string(200, 'a' + 11) + "/f", O_RDONLY), 0);
}

TEST_F(FsOpenTest, HostDevicesByPathsRelativeToTheCwd) {
  host_mkdir("dev");
  host_mkdir("d");
  ASSERT_EQ(call(LIND_SYS_chdir, put("/dev")), 0);
  int64_t fd = open("zero", O_WRONLY);  // lindfs's /dev has no zero: the host's
  ASSERT_GE(fd, 0);
  EXPECT_EQ(write_fd(fd, "x"), 1);
  EXPECT_GE(open("null", O_PATH), 0);
  ASSERT_EQ(call(LIND_SYS_chdir, put("/d")), 0);
  EXPECT_GE(open("../dev/zero", O_RDONLY), 0);
  EXPECT_GE(open("../../dev/urandom", O_RDONLY), 0);
  EXPECT_EQ(open("null", O_RDONLY), -ENOENT);  // /d/null
  EXPECT_EQ(open("../dev/tty", O_RDONLY), -ENOENT);
  ASSERT_EQ(::rename(host("d").c_str(), host("dev/d").c_str()), 0);  // the cwd moves
  EXPECT_GE(open("../zero", O_RDONLY), 0);  // now /dev/zero
  EXPECT_EQ(open("../../zero", O_RDONLY), -ENOENT);
}

TEST_F(FsOpenTest, EmfileWhenTheTableIsFull) {
  // Every cage fd holds a host fd: the host's limit must leave room.
  struct rlimit rl;
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &rl), 0);
  if (rl.rlim_cur < 2 * FdTable::kMaxFds) {
    rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, 4 * FdTable::kMaxFds);
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  if (rl.rlim_cur < FdTable::kMaxFds + 64)
    GTEST_SKIP() << "the host's RLIMIT_NOFILE (" << rl.rlim_cur << ") is below one cage's table";
  host_write("f", "x");
  int64_t last = 0;
  for (int i = 3; i < FdTable::kMaxFds; ++i) ASSERT_EQ(last = open("/f", O_RDONLY), i);
  EXPECT_EQ(open("/f", O_RDONLY), -EMFILE);
  EXPECT_EQ(open("/missing", O_RDONLY), -EMFILE);  // the fd is taken before the lookup
  EXPECT_EQ(close(last), 0);
  EXPECT_EQ(open("/f", O_RDONLY), last);
}

TEST_F(FsOpenTest, DirectoryFdsAreMarkedForDirfdUse) {
  host_mkdir("d");
  int64_t d1 = open("/d", O_RDONLY);  // no O_DIRECTORY: found by fstat
  int64_t d2 = open("/d", O_PATH);
  int64_t d3 = open("/d", O_DIRECTORY | O_RDONLY);
  host_write("d/f", "x");
  for (int64_t d : {d1, d2, d3}) {
    ASSERT_GE(d, 0);
    EXPECT_GE(openat(d, "f", O_RDONLY), 0) << d;
  }
}

}  // namespace
}  // namespace lind::rawposix::test
