// read/write/readv/writev/pread/pwrite/lseek/close on host fds, with the
// cage's buffers checked.
#include "cage_fixture.h"

namespace lind::rawposix::test {
namespace {

class IoTest : public CageTest {};

TEST_F(IoTest, WriteChecksTheBufferAgainstCageMemory) {
  uint64_t msg = put("x");
  EXPECT_EQ(call(LIND_SYS_write, 99, msg, 1), -EBADF);
  EXPECT_EQ(call(LIND_SYS_write, 1, memory_size() - 1, 2), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_write, 1, uint64_t(-1), 1), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_write, 1, memory_size(), 0), 0);  // empty range at the end is fine
}

TEST_F(IoTest, CloseOfUnknownFdIsEbadf) {
  EXPECT_EQ(call(LIND_SYS_close, 12345), -EBADF);
  EXPECT_EQ(call(LIND_SYS_close, uint64_t(-1)), -EBADF);
}

TEST_F(IoTest, NumbersNobodyImplementsAreEnosys) {
  EXPECT_EQ(call(1500), -ENOSYS);
  EXPECT_EQ(call(LIND_SYS_TABLE_SIZE + 5), -ENOSYS);
}

TEST_F(IoTest, StartupArgumentsAndEnvironment) {
  uint64_t argc = reserve(4), size = reserve(4);
  ASSERT_EQ(call(LIND_SYS_args_sizes, argc, size), 0);
  EXPECT_EQ(get<uint32_t>(argc), 2u);
  EXPECT_EQ(get<uint32_t>(size), 10u);  // "prog\0arg1\0"
  uint64_t ptrs = reserve(8), buf = reserve(10);
  ASSERT_EQ(call(LIND_SYS_args_get, ptrs, buf), 0);
  EXPECT_EQ(get_string(get<uint32_t>(ptrs + 4), 5), std::string("arg1", 5));
  EXPECT_EQ(call(LIND_SYS_args_get, memory_size() - 2, buf), -EFAULT);
}

TEST_F(IoTest, ExitRecordsTheStatusOnce) {
  EXPECT_FALSE(exit_status(cage_));
  EXPECT_EQ(call(LIND_SYS_exit_group, 0x1ff), 0);
  EXPECT_EQ(exit_status(cage_), 0xff);
  call(LIND_SYS_exit_group, 3);
  EXPECT_EQ(exit_status(cage_), 0xff);
}

}  // namespace
}  // namespace lind::rawposix::test
