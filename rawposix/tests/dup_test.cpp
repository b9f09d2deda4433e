// dup, dup2, dup3 share the open file description; close-on-exec is per fd.
#include <fcntl.h>

#include "cage_fixture.h"

namespace lind::rawposix::test {
namespace {

class DupTest : public CageTest {};

TEST_F(DupTest, DupSharesTheOffset) {
  int64_t fd = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  int64_t d = call(LIND_SYS_dup, fd);
  ASSERT_GT(d, fd);
  EXPECT_EQ(call(LIND_SYS_write, fd, put("abc"), 3), 3);
  EXPECT_EQ(call(LIND_SYS_lseek, d, 0, SEEK_CUR), 3);  // one description
  EXPECT_EQ(call(LIND_SYS_close, fd), 0);
  EXPECT_EQ(call(LIND_SYS_write, d, put("d"), 1), 1);  // still open through d
  EXPECT_EQ(call(LIND_SYS_dup, 999), -EBADF);
}

TEST_F(DupTest, Dup2ReplacesAndIsANoOpOnItself) {
  int64_t fd = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(call(LIND_SYS_dup2, fd, 10), 10);
  EXPECT_EQ(call(LIND_SYS_fcntl, 10, F_GETFD), 0);           // the new fd is not close-on-exec
  EXPECT_EQ(call(LIND_SYS_dup2, fd, fd), fd);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);  // unchanged
  EXPECT_EQ(call(LIND_SYS_dup2, 55, 55), -EBADF);
  EXPECT_EQ(call(LIND_SYS_dup2, fd, 1 << 20), -EBADF);
  EXPECT_EQ(call(LIND_SYS_dup2, fd, uint64_t(-1)), -EBADF);
}

TEST_F(DupTest, Dup3TakesOnlyCloexec) {
  int64_t fd = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(call(LIND_SYS_dup3, fd, 12, O_CLOEXEC), 12);
  EXPECT_EQ(call(LIND_SYS_fcntl, 12, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(call(LIND_SYS_dup3, fd, fd, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_dup3, fd, 13, O_NONBLOCK), -EINVAL);
}

TEST_F(DupTest, NullPointersAreFaults) {
  int64_t fd = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(call(LIND_SYS_write, fd, 0, 5), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_read, fd, 0, 0), 0);  // nothing to touch: no fault, as on Linux
  EXPECT_EQ(call(LIND_SYS_mkdir, 0, 0755), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_uname, 0), -EFAULT);
}

}  // namespace
}  // namespace lind::rawposix::test
