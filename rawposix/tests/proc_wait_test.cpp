// Exit, zombies, reparenting and wait4.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <thread>

#include "proc_fixture.h"

namespace lind::rawposix::test {
namespace {

using namespace std::chrono_literals;

class ProcWaitTest : public ProcTest {};

TEST_F(ProcWaitTest, ReapsByPidWithTheStatusWord) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork(), 3);
  uint64_t st = put("\xff\xff\xff\xff", 4);
  EXPECT_EQ(wait(2, st, WNOHANG), 0);  // running
  EXPECT_EQ(get<int32_t>(st), -1);     // untouched
  exit_cage(2, 42);
  EXPECT_TRUE(is_zombie(2));
  EXPECT_EQ(wait(3, st, WNOHANG), 0);  // another child's exit is not 3's
  EXPECT_EQ(wait(2, st, WNOHANG), 2);
  int s = get<int32_t>(st);
  EXPECT_TRUE(WIFEXITED(s));
  EXPECT_EQ(WEXITSTATUS(s), 42);
  EXPECT_EQ(s, 42 << 8);
  EXPECT_FALSE(exists(2));
  EXPECT_EQ(wait(2, st), -ECHILD);  // reaped: no longer a child
  // A signal's status word passes through as lind-boot encoded it.
  cage_exited(3, SIGSEGV | 0x80);
  EXPECT_EQ(wait(-1, st), 3);
  s = get<int32_t>(st);
  EXPECT_TRUE(WIFSIGNALED(s));
  EXPECT_EQ(WTERMSIG(s), SIGSEGV);
  EXPECT_TRUE(WCOREDUMP(s));
}

TEST_F(ProcWaitTest, AnyChildOldestFirstAndNullStatus) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork(), 3);
  ASSERT_EQ(fork(), 4);
  EXPECT_EQ(wait(-1, 0, WNOHANG), 0);  // children, none changed
  exit_cage(4, 1);
  exit_cage(3, 2);
  EXPECT_EQ(wait(-1, 0, WNOHANG), 3);  // the older of the two zombies
  EXPECT_EQ(wait(-1, 0, WNOHANG), 4);
  EXPECT_EQ(wait(-1, 0, WNOHANG), 0);
  exit_cage(2, 0);
  EXPECT_EQ(wait(-1), 2);  // status NULL: nothing written
  EXPECT_EQ(wait(-1), -ECHILD);
  EXPECT_EQ(wait(-1, 0, WNOHANG), -ECHILD);  // no children at all
}

TEST_F(ProcWaitTest, RusageIsZeroFilled) {
  ASSERT_EQ(fork(), 2);
  exit_cage(2, 0);
  std::string ones(144, '\xff');
  uint64_t ru = put(ones.data(), ones.size());
  uint64_t after = put("\x5a", 1);  // the byte after must stay
  EXPECT_EQ(wait(2, 0, 0, ru), 2);
  EXPECT_EQ(get_string(ru, 144), std::string(144, '\0'));
  EXPECT_EQ(get<uint8_t>(after), 0x5a);
}

TEST_F(ProcWaitTest, BadPointersAreFaultsAndLeaveTheZombie) {
  ASSERT_EQ(fork(), 2);
  EXPECT_EQ(wait(2, memory_size() - 2, WNOHANG), 0);  // nothing to write yet
  exit_cage(2, 3);
  EXPECT_EQ(wait(2, memory_size() - 2), -EFAULT);
  EXPECT_EQ(wait(2, 0, 0, memory_size() - 100), -EFAULT);
  EXPECT_TRUE(is_zombie(2));
  uint64_t st = reserve(4);
  EXPECT_EQ(wait(2, st), 2);
  EXPECT_EQ(get<int32_t>(st), 3 << 8);
}

TEST_F(ProcWaitTest, OptionsAndPidChecks) {
  ASSERT_EQ(fork(), 2);
  EXPECT_EQ(wait(-1, 0, WEXITED), -EINVAL);  // not a wait4 option
  EXPECT_EQ(wait(-1, 0, 0x1000000), -EINVAL);
  EXPECT_EQ(wait(-1, 0, WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WNOTHREAD), 0);
  EXPECT_EQ(wait(INT_MIN, 0, WNOHANG), -ESRCH);
  EXPECT_EQ(wait(999, 0, WNOHANG), -ECHILD);  // no such child
  EXPECT_EQ(wait(1, 0, WNOHANG), -ECHILD);    // itself
  EXPECT_EQ(wait(-1, 0, __WCLONE | WNOHANG), -ECHILD);  // only SIGCHLD children
  // The pid is an int: a 64-bit -1 and a zero-extended -1 are both -1.
  EXPECT_EQ(call(LIND_SYS_wait4, 0xffffffffull, 0, WNOHANG, 0), 0);
  EXPECT_EQ(call(LIND_SYS_wait4, ~0ull, 0, WNOHANG, 0), 0);
}

TEST_F(ProcWaitTest, ByProcessGroup) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork(), 3);
  ASSERT_EQ(fork(), 4);
  ASSERT_EQ(call(LIND_SYS_setpgid, 3, 3), 0);
  ASSERT_EQ(call(LIND_SYS_setpgid, 4, 3), 0);
  exit_cage(2, 0);
  exit_cage(3, 0);
  exit_cage(4, 0);
  EXPECT_EQ(wait(-3, 0, WNOHANG), 3);
  EXPECT_EQ(wait(-3, 0, WNOHANG), 4);
  EXPECT_EQ(wait(-3, 0, WNOHANG), -ECHILD);
  EXPECT_EQ(wait(-5, 0, WNOHANG), -ECHILD);
  EXPECT_EQ(wait(0, 0, WNOHANG), 2);  // the caller's group (1)
  EXPECT_EQ(wait(0, 0, WNOHANG), -ECHILD);
}

TEST_F(ProcWaitTest, OrphansGoToCageOne) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork_as(2), 3);
  ASSERT_EQ(fork_as(2), 4);
  exit_cage(3, 5);  // a zombie of 2's
  exit_cage(2, 0);
  EXPECT_EQ(call_as(4, LIND_SYS_getppid), 1);
  EXPECT_EQ(wait(-1, 0, WNOHANG), 2);
  uint64_t st = reserve(4);
  EXPECT_EQ(wait(3, st, WNOHANG), 3);  // 2's zombie is cage 1's to reap
  EXPECT_EQ(get<int32_t>(st), 5 << 8);
  EXPECT_EQ(wait(-1, 0, WNOHANG), 0);  // 4 still runs
  exit_cage(4, 0);
  EXPECT_EQ(wait(-1, 0, WNOHANG), 4);
}

TEST_F(ProcWaitTest, AfterCageOneExitsOrphansHaveNoParent) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork(), 3);
  ASSERT_EQ(fork_as(2), 4);
  exit_cage(3, 0);  // a zombie nobody will reap once 1 is gone
  exit_cage(1, 7);
  EXPECT_TRUE(is_zombie(1));  // lind-boot reads its status; nobody reaps it
  EXPECT_FALSE(exists(3));    // freed with its parent
  EXPECT_EQ(call_as(2, LIND_SYS_getppid), 0);
  EXPECT_EQ(fork_as(2), 3);  // 2 can still fork
  exit_cage(2, 0);           // nobody can wait for 2: freed at once
  EXPECT_FALSE(exists(2));
  EXPECT_EQ(call_as(4, LIND_SYS_getppid), 0);  // 2's children: nobody's either
  EXPECT_EQ(call_as(3, LIND_SYS_getppid), 0);
  exit_cage(4, 0);
  exit_cage(3, 0);
  EXPECT_FALSE(exists(4));
  EXPECT_FALSE(exists(3));
}

TEST_F(ProcWaitTest, ExitClosesTheCagesFdsAndDropsIts3iTable) {
  int64_t fd = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fork(), 2);
  exit_cage(2, 0);
  EXPECT_FALSE(threei::registry().exists(2));
  EXPECT_EQ(call_as(2, LIND_SYS_getpid), -ESRCH);  // no table: no calls
  EXPECT_EQ(call(LIND_SYS_write, fd, put("x"), 1), 1);  // shared description still open
  exit_cage(2, 9);  // a second report changes nothing
  uint64_t st = reserve(4);
  EXPECT_EQ(wait(2, st), 2);
  EXPECT_EQ(get<int32_t>(st), 0);
}

TEST_F(ProcWaitTest, ABlockingWaitIsWokenByAnExitOnAnotherThread) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork(), 3);
  uint64_t st = reserve(4);
  std::atomic<int64_t> got{-1000};
  std::thread waiter([&] { got = wait(3, st); });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(got.load(), -1000);  // still waiting
  exit_cage(2, 1);  // not the one it waits for
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(got.load(), -1000);
  std::thread child([] { exit_cage(3, 17); });  // as lind-boot, on the child's thread
  child.join();
  waiter.join();
  EXPECT_EQ(got.load(), 3);
  EXPECT_EQ(get<int32_t>(st), 17 << 8);
  EXPECT_EQ(wait(-1), 2);
}

TEST_F(ProcWaitTest, ABlockingWaitCanBeInterrupted) {
  ASSERT_EQ(fork(), 2);
  std::atomic<int64_t> got{-1000};
  std::thread waiter([&] { got = wait(-1); });
  std::this_thread::sleep_for(30ms);
  find_cage(cage_)->interrupt_pending = true;  // what signal delivery will do
  wake_waiters();
  waiter.join();
  EXPECT_EQ(got.load(), kRestartSyscall);
  find_cage(cage_)->interrupt_pending = false;
  EXPECT_TRUE(exists(2));
}

TEST_F(ProcWaitTest, ManyCagesForkingAndExitingAtOnce) {
  // Each child on its own thread forks a grandchild, uses fds and exits;
  // the parent reaps them all with blocking waits.
  constexpr int kChildren = 24;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int i = 0; i < kChildren; ++i) {
    int64_t id = fork();
    ASSERT_GT(id, 1);
    uint64_t fds = reserve(8);
    threads.emplace_back([this, id, fds, &errors] {
      auto cage = static_cast<CageId>(id);
      int64_t g = fork_as(cage);
      if (g <= 1) ++errors;
      if (call_as(cage, LIND_SYS_pipe, fds) != 0) ++errors;
      if (call_as(cage, LIND_SYS_getppid) != 1) ++errors;
      exit_cage(static_cast<CageId>(g), 0);  // orphaned to 1 or reaped below
      if (call_as(cage, LIND_SYS_wait4, static_cast<uint64_t>(-1), 0, WNOHANG, 0) < 0) ++errors;
      exit_cage(cage, 3);
    });
  }
  int reaped = 0;
  uint64_t st = reserve(4);
  while (reaped < kChildren) {
    int64_t r = wait(-1, st);
    ASSERT_GT(r, 1);
    ++reaped;
  }
  for (auto& t : threads) t.join();
  // Grandchildren their parents did not reap went to cage 1.
  while (wait(-1, 0, WNOHANG) > 0) {
  }
  EXPECT_EQ(errors.load(), 0);
  std::lock_guard lock(process_mutex());
  EXPECT_EQ(cage_ids_locked().size(), 1u);
}

}  // namespace
}  // namespace lind::rawposix::test

namespace lind::rawposix::test {
namespace {

// A grate's handlers may still run (on other cages' threads) after the
// grate's own thread ended: pinned, its zombie is neither reaped nor its id
// reused until they are done.
TEST_F(ProcWaitTest, APinnedZombieIsReapedOnlyOnceUnpinned) {
  CageId child = fork();
  ASSERT_TRUE(pin_cage(child));
  exit_cage(child, 4);
  EXPECT_EQ(wait(child, 0, WNOHANG), 0) << "exited, but still in use";
  EXPECT_TRUE(exists(child));
  EXPECT_NE(fork(), static_cast<int64_t>(child)) << "its id is not handed out again";
  unpin_cage(child);
  uint64_t st = reserve(4);
  EXPECT_EQ(wait(child, st, WNOHANG), static_cast<int64_t>(child));
  EXPECT_EQ(get<int>(st), 4 << 8);
  EXPECT_FALSE(pin_cage(999)) << "no such cage";
}

}  // namespace
}  // namespace lind::rawposix::test
