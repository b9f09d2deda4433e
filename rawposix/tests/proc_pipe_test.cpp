// pipe and pipe2, and pipes across fork and exit.
#include <fcntl.h>
#include <sys/stat.h>

#include "proc_fixture.h"

namespace lind::rawposix::test {
namespace {

class ProcPipeTest : public ProcTest {
 protected:
  // pipe2 into a fresh int[2]; the two fds, or {-errno, -errno}.
  std::pair<int, int> pipe2(int flags) {
    uint64_t at = put("\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    int64_t r = call(LIND_SYS_pipe2, at, flags);
    if (r != 0) return {static_cast<int>(r), static_cast<int>(r)};
    return {get<int32_t>(at), get<int32_t>(at + 4)};
  }
};

TEST_F(ProcPipeTest, PipeCarriesData) {
  uint64_t at = reserve(8);
  ASSERT_EQ(call(LIND_SYS_pipe, at), 0);
  int r = get<int32_t>(at), w = get<int32_t>(at + 4);
  EXPECT_EQ(r, 3);  // the lowest free fds
  EXPECT_EQ(w, 4);
  EXPECT_EQ(call(LIND_SYS_write, w, put("hello"), 5), 5);
  uint64_t buf = reserve(16);
  EXPECT_EQ(call(LIND_SYS_read, r, buf, 16), 5);
  EXPECT_EQ(get_string(buf, 5), "hello");
  EXPECT_EQ(call(LIND_SYS_fcntl, r, F_GETFD), 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, r, F_GETFL) & O_ACCMODE, O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_fcntl, w, F_GETFL) & O_ACCMODE, O_WRONLY);
  uint64_t st = reserve(144);
  EXPECT_EQ(call(LIND_SYS_fstat, r, st), 0);
  EXPECT_TRUE(S_ISFIFO(get<struct stat>(st).st_mode));
  EXPECT_EQ(call(LIND_SYS_lseek, r, 0, SEEK_CUR), -ESPIPE);
}

TEST_F(ProcPipeTest, Pipe2Flags) {
  auto [r, w] = pipe2(O_CLOEXEC);
  ASSERT_GE(r, 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, r, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(call(LIND_SYS_fcntl, w, F_GETFD), FD_CLOEXEC);
  EXPECT_FALSE(call(LIND_SYS_fcntl, r, F_GETFL) & O_NONBLOCK);
  auto [nr, nw] = pipe2(O_NONBLOCK);
  ASSERT_GE(nr, 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, nr, F_GETFD), 0);
  EXPECT_TRUE(call(LIND_SYS_fcntl, nr, F_GETFL) & O_NONBLOCK);
  EXPECT_TRUE(call(LIND_SYS_fcntl, nw, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(call(LIND_SYS_read, nr, reserve(4), 4), -EAGAIN);
  auto [dr, dw] = pipe2(O_DIRECT);  // packet mode
  ASSERT_GE(dr, 0);
  EXPECT_EQ(call(LIND_SYS_write, dw, put("ab"), 2), 2);
  EXPECT_EQ(call(LIND_SYS_write, dw, put("cd"), 2), 2);
  uint64_t buf = reserve(8);
  EXPECT_EQ(call(LIND_SYS_read, dr, buf, 8), 2);  // one packet per read
  for (int bad : {O_APPEND, O_EXCL /* O_NOTIFICATION_PIPE */, O_RDWR, O_NOCTTY, 1 << 30})
    EXPECT_EQ(pipe2(bad).first, -EINVAL) << bad;
}

TEST_F(ProcPipeTest, FaultsAndFullTablesCreateNothing) {
  EXPECT_EQ(call(LIND_SYS_pipe, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_pipe, memory_size() - 4), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_pipe2, memory_size(), O_CLOEXEC), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_pipe2, 0, O_APPEND), -EINVAL);  // flags first
  int64_t fd = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT, 0644);
  EXPECT_EQ(fd, 3);  // no fds were taken by the failures
  // One free fd is not enough.
  for (int i = 4; i < FdTable::kMaxFds - 1; ++i) ASSERT_EQ(call(LIND_SYS_dup, fd), i);
  EXPECT_EQ(call(LIND_SYS_pipe, reserve(8)), -EMFILE);
  EXPECT_EQ(call(LIND_SYS_pipe, 0), -EMFILE);  // before the fault, as Linux
  EXPECT_EQ(call(LIND_SYS_close, 5), 0);
  uint64_t at = reserve(8);
  EXPECT_EQ(call(LIND_SYS_pipe, at), 0);
  EXPECT_EQ(get<int32_t>(at), 5);
  EXPECT_EQ(get<int32_t>(at + 4), FdTable::kMaxFds - 1);
}

TEST_F(ProcPipeTest, ABrokenPipeIsEpipeNotAKilledLindBoot) {
  auto [r, w] = pipe2(0);
  ASSERT_GE(r, 0);
  EXPECT_EQ(call(LIND_SYS_close, r), 0);
  EXPECT_EQ(call(LIND_SYS_write, w, put("x"), 1), -EPIPE);  // and we are still here
}

TEST_F(ProcPipeTest, ReadersSeeEofWhenTheWritersCageExits) {
  auto [r, w] = pipe2(O_NONBLOCK);
  ASSERT_GE(r, 0);
  ASSERT_EQ(fork(), 2);
  EXPECT_EQ(call(LIND_SYS_close, w), 0);  // the parent keeps only the read end
  EXPECT_EQ(call_as(2, LIND_SYS_write, w, put("from child"), 10), 10);
  uint64_t buf = reserve(16);
  EXPECT_EQ(call(LIND_SYS_read, r, buf, 16), 10);
  EXPECT_EQ(get_string(buf, 10), "from child");
  EXPECT_EQ(call(LIND_SYS_read, r, buf, 16), -EAGAIN);  // the child still holds a write end
  exit_cage(2, 0);
  EXPECT_EQ(call(LIND_SYS_read, r, buf, 16), 0);  // EOF: its fds closed with it
  EXPECT_EQ(wait(2), 2);
}

TEST_F(ProcPipeTest, APipelineBetweenTwoChildren) {
  // a | b: the parent makes the pipe, each child keeps one end.
  auto [r, w] = pipe2(0);
  ASSERT_GE(r, 0);
  ASSERT_EQ(fork(), 2);  // a: writes
  ASSERT_EQ(fork(), 3);  // b: reads
  EXPECT_EQ(call(LIND_SYS_close, r), 0);
  EXPECT_EQ(call(LIND_SYS_close, w), 0);
  EXPECT_EQ(call_as(2, LIND_SYS_close, r), 0);
  EXPECT_EQ(call_as(3, LIND_SYS_close, w), 0);
  EXPECT_EQ(call_as(2, LIND_SYS_dup2, w, 1), 1);
  EXPECT_EQ(call_as(2, LIND_SYS_close, w), 0);
  EXPECT_EQ(call_as(2, LIND_SYS_write, 1, put("data"), 4), 4);
  exit_cage(2, 0);
  uint64_t buf = reserve(8);
  EXPECT_EQ(call_as(3, LIND_SYS_read, r, buf, 8), 4);
  EXPECT_EQ(call_as(3, LIND_SYS_read, r, buf, 8), 0);  // blocking read, but EOF
  exit_cage(3, 0);
  EXPECT_EQ(wait(-1), 2);
  EXPECT_EQ(wait(-1), 3);
}

}  // namespace
}  // namespace lind::rawposix::test
