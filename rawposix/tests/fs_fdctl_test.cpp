// fcntl (fd flags, status flags, dup, record locks) and the ioctl allow-list.
#include <sys/ioctl.h>

#include "fs_util.h"

namespace lind::rawposix::test {
namespace {

class FsFdControlTest : public FsTest {};

TEST_F(FsFdControlTest, CloseOnExecIsTheCageFdsFlag) {
  int64_t fd = open("/f", O_CREAT | O_RDWR, 0644);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETFD), 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETFD, FD_CLOEXEC), 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETFD, 0), 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETFD), 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETFD, 7), 0);  // only FD_CLOEXEC is kept
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, FIONCLEX), 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETFD), 0);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, FIOCLEX), 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
  OpenFile* f = find_cage(cage_)->fds.get(static_cast<int>(fd));
  EXPECT_EQ(::fcntl(f->host_fd, F_GETFD), FD_CLOEXEC);
}

TEST_F(FsFdControlTest, DupfdSharesTheOpenFileDescription) {
  host_write("f", "abcdef");
  int64_t fd = open("/f", O_RDONLY | O_CLOEXEC);
  int64_t d = call(LIND_SYS_fcntl, fd, F_DUPFD, 0);
  EXPECT_EQ(d, fd + 1);
  EXPECT_EQ(call(LIND_SYS_fcntl, d, F_GETFD), 0);  // the dup is not close-on-exec
  int64_t d10 = call(LIND_SYS_fcntl, fd, F_DUPFD_CLOEXEC, 10);
  EXPECT_EQ(d10, 10);
  EXPECT_EQ(call(LIND_SYS_fcntl, d10, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_DUPFD, 10), 11);
  // Shared offset and status flags.
  EXPECT_EQ(read_fd(fd, 2), "ab");
  EXPECT_EQ(read_fd(d10, 2), "cd");
  EXPECT_EQ(call(LIND_SYS_fcntl, d, F_SETFL, O_NONBLOCK), 0);
  EXPECT_TRUE(call(LIND_SYS_fcntl, fd, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(close(fd), 0);
  EXPECT_EQ(read_fd(d, 2), "ef");  // the description outlives one fd
  EXPECT_EQ(call(LIND_SYS_fcntl, d, F_DUPFD, -1), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_fcntl, d, F_DUPFD, FdTable::kMaxFds), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_fcntl, d, F_DUPFD, FdTable::kMaxFds - 1), FdTable::kMaxFds - 1);
  EXPECT_EQ(call(LIND_SYS_fcntl, d, F_DUPFD, FdTable::kMaxFds - 1), -EMFILE);
}

TEST_F(FsFdControlTest, StatusFlags) {
  int64_t fd = open("/f", O_CREAT | O_WRONLY, 0644);
  int64_t fl = call(LIND_SYS_fcntl, fd, F_GETFL);
  EXPECT_EQ(fl & O_ACCMODE, O_WRONLY);
  EXPECT_FALSE(fl & O_APPEND);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETFL, O_APPEND | O_RDWR), 0);  // access mode is not changed
  fl = call(LIND_SYS_fcntl, fd, F_GETFL);
  EXPECT_TRUE(fl & O_APPEND);
  EXPECT_EQ(fl & O_ACCMODE, O_WRONLY);
  int on = 1;
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, FIONBIO, put(&on, sizeof on)), 0);
  EXPECT_TRUE(call(LIND_SYS_fcntl, fd, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, FIONBIO, memory_size()), -EFAULT);
  int64_t p = open("/f", O_PATH);
  EXPECT_EQ(call(LIND_SYS_fcntl, p, F_GETFL) & O_PATH, O_PATH);
  EXPECT_EQ(call(LIND_SYS_fcntl, p, F_SETFL, 0), -EBADF);
}

TEST_F(FsFdControlTest, ErrorsAndUnknownCommands) {
  int64_t fd = open("/f", O_CREAT | O_RDWR, 0644);
  EXPECT_EQ(call(LIND_SYS_fcntl, 99, F_GETFD), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fcntl, 99, 12345), -EBADF);  // EBADF before the command
  EXPECT_EQ(call(LIND_SYS_fcntl, uint64_t(-1), F_GETFD), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, 12345), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETOWN, 1), -EINVAL);  // not forwarded
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETSIG, 1), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETPIPE_SZ, 1), -EINVAL);
}

TEST_F(FsFdControlTest, RecordLocks) {
  int64_t fd = open("/f", O_CREAT | O_RDWR, 0644);
  struct flock fl{};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 10;
  fl.l_pid = 12345;  // ignored for F_SETLK, as by Linux
  uint64_t p = put(&fl, sizeof fl);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETLK, p), 0);
  // The same description does not conflict with itself.
  struct flock q{};
  q.l_type = F_WRLCK;
  q.l_whence = SEEK_SET;
  q.l_len = 5;
  uint64_t qp = put(&q, sizeof q);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETLK, qp), 0);
  EXPECT_EQ(get<struct flock>(qp).l_type, F_UNLCK);
  // Another open file description (as another cage would have) conflicts.
  int64_t other = open("/f", O_RDWR);
  EXPECT_EQ(call(LIND_SYS_fcntl, other, F_SETLK, put(&q, sizeof q)), -EAGAIN);
  qp = put(&q, sizeof q);
  EXPECT_EQ(call(LIND_SYS_fcntl, other, F_GETLK, qp), 0);
  struct flock got = get<struct flock>(qp);
  EXPECT_EQ(got.l_type, F_WRLCK);
  EXPECT_EQ(got.l_start, 0);
  EXPECT_EQ(got.l_len, 10);
  EXPECT_EQ(got.l_pid, -1);  // an OFD lock has no owning process (README: deviations)
  // Unlock; now the other can lock.
  fl.l_type = F_UNLCK;
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETLK, put(&fl, sizeof fl)), 0);
  q.l_type = F_WRLCK;
  EXPECT_EQ(call(LIND_SYS_fcntl, other, F_SETLKW, put(&q, sizeof q)), 0);
  // Errors.
  int64_t ro = open("/f", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_fcntl, ro, F_SETLK, put(&q, sizeof q)), -EBADF);  // write lock needs write access
  q.l_type = 77;
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETLK, put(&q, sizeof q)), -EINVAL);
  q.l_type = F_RDLCK;
  q.l_whence = 9;
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETLK, put(&q, sizeof q)), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_SETLK, memory_size() - 16), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETLK, 0xffffffffull), -EFAULT);
}

TEST_F(FsFdControlTest, IoctlAllowList) {
  host_write("f", "0123456789");
  int64_t fd = open("/f", O_RDONLY);
  uint64_t n = reserve(8);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, FIONREAD, n), 0);
  EXPECT_EQ(get<int>(n), 10);
  read_fd(fd, 4);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, FIONREAD, n), 0);
  EXPECT_EQ(get<int>(n), 6);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, FIONREAD, memory_size() - 3), -EFAULT);
  // Not a terminal: ENOTTY, and nothing written.
  uint64_t buf = reserve(64);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, TIOCGWINSZ, buf), -ENOTTY);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, TCGETS, buf), -ENOTTY);
  EXPECT_EQ(get_string(buf, 64), std::string(64, '\0'));
  // Anything else is refused without reaching the host.
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, 0x12345, buf), -ENOTTY);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, TIOCSTI, buf), -ENOTTY);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, TIOCSWINSZ, buf), -ENOTTY);
  EXPECT_EQ(call(LIND_SYS_ioctl, 99, 0x12345, buf), -EBADF);
  EXPECT_EQ(call(LIND_SYS_ioctl, 99, FIONREAD, buf), -EBADF);
  EXPECT_EQ(call(LIND_SYS_ioctl, open("/f", O_PATH), 0x12345, buf), -EBADF);
  EXPECT_EQ(call(LIND_SYS_ioctl, open("/f", O_PATH), FIOCLEX), -EBADF);
}

TEST_F(FsFdControlTest, IoctlOnATerminalWritesKernelStructSizes) {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) < 0 || ::unlockpt(master) < 0)
    GTEST_SKIP() << "no pseudo-terminals here";
  std::string pts = ::ptsname(master);
  struct winsize ws{24, 80, 0, 0};
  ASSERT_EQ(::ioctl(master, TIOCSWINSZ, &ws), 0);
  // Give the cage the terminal as the host gives it stdio.
  int host = ::open(pts.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(host, 0);
  auto file = std::make_shared<OpenFile>();
  file->host_fd = host;
  int fd = find_cage(cage_)->fds.allocate(file, false);
  uint64_t buf = put(std::string(64, '\x55'));
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, TIOCGWINSZ, buf), 0);
  auto got = get<struct winsize>(buf);
  EXPECT_EQ(got.ws_row, 24);
  EXPECT_EQ(got.ws_col, 80);
  EXPECT_EQ(get<uint8_t>(buf + 8), 0x55);  // exactly 8 bytes written
  uint64_t t = put(std::string(64, '\x55'));
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, TCGETS, t), 0);
  EXPECT_EQ(get<uint8_t>(t + 36), 0x55);  // the kernel's struct termios: 36 bytes
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, TCGETS, memory_size() - 35), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_ioctl, fd, TIOCGWINSZ, memory_size() - 7), -EFAULT);
  ::close(master);
}

}  // namespace
}  // namespace lind::rawposix::test
