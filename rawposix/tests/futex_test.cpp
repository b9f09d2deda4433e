// futex (202) through 3i: argument checks in Linux's order, WAIT/WAKE and
// their _BITSET forms, timeouts (relative and absolute, both clocks),
// interruption by a pending cage signal, and waking across cages that map
// the same MAP_SHARED page (and not across private pages).
#include <linux/futex.h>
#include <sys/mman.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "cage.h"
#include "cage_copy.h"
#include "clone_fixture.h"

namespace lind::rawposix::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr uint64_t kNone = 0;

int64_t ms_since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

class FutexTest : public CloneTest {
 protected:
  void SetUp() override {
    CloneTest::SetUp();
    word_ = reserve(16);
  }

  int64_t futex_as(CageId cage, uint64_t addr, int op, uint32_t val, uint64_t timeout = 0, uint32_t val3 = 0) {
    return call_as(cage, LIND_SYS_futex, addr, static_cast<uint32_t>(op), val, timeout, 0, val3);
  }
  int64_t futex(uint64_t addr, int op, uint32_t val, uint64_t timeout = 0, uint32_t val3 = 0) {
    return futex_as(cage_, addr, op, val, timeout, val3);
  }
  uint64_t timespec_at(int64_t sec, int64_t nsec) {
    KTimespec t{sec, nsec};
    return put(&t, sizeof t);
  }
  // An absolute time `ms` from now on `clock`, in cage memory.
  uint64_t deadline_in(clockid_t clock, int64_t ms) {
    timespec now{};
    clock_gettime(clock, &now);
    int64_t ns = now.tv_nsec + ms * 1'000'000;
    return timespec_at(now.tv_sec + ns / 1'000'000'000, ns % 1'000'000'000);
  }
  void set_word(uint64_t addr, uint32_t v, rt::MemoryInst* m = nullptr) {
    std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>((m ? m : memory_.get())->data() + addr)).store(v);
  }
  // Wakes `addr` as `cage` until one waiter was woken (a wake before the
  // waiter sleeps wakes nobody); false after 2 s.
  bool wake_one(CageId cage, uint64_t addr, int op = FUTEX_WAKE, uint32_t bitset = 0) {
    auto until = Clock::now() + 2s;
    while (Clock::now() < until) {
      int64_t r = futex_as(cage, addr, op, 1, 0, bitset);
      if (r == 1) return true;
      EXPECT_EQ(r, 0);
      std::this_thread::sleep_for(2ms);
    }
    return false;
  }

  uint64_t word_ = 0;
};

TEST_F(FutexTest, ArgumentErrorsInLinuxOrder) {
  const uint64_t bad_ts = timespec_at(0, 1'000'000'000);
  const uint64_t neg_ts = timespec_at(-1, 0);
  // The timeout is read and checked first.
  EXPECT_EQ(futex(word_ + 1, FUTEX_WAIT, 0, memory_size()), -EFAULT);
  EXPECT_EQ(futex(word_ + 1, FUTEX_WAIT, 0, bad_ts), -EINVAL);
  EXPECT_EQ(futex(word_, FUTEX_WAIT_BITSET, 0, neg_ts, FUTEX_BITSET_MATCH_ANY), -EINVAL);
  // A wake has no timeout: the argument is ignored.
  EXPECT_EQ(futex(word_, FUTEX_WAKE, 1, memory_size()), 0);
  // CLOCK_REALTIME only with WAIT_BITSET; unknown and unsupported commands.
  EXPECT_EQ(futex(word_, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1), -ENOSYS);
  EXPECT_EQ(futex(word_, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1), -ENOSYS);
  EXPECT_EQ(futex(word_, FUTEX_REQUEUE, 1), -ENOSYS);
  EXPECT_EQ(futex(word_, FUTEX_LOCK_PI, 0), -ENOSYS);
  EXPECT_EQ(futex(word_, 99, 0), -ENOSYS);
  // Bitset 0, then alignment, then the address.
  EXPECT_EQ(futex(word_ + 2, FUTEX_WAIT_BITSET, 0, kNone, 0), -EINVAL);
  EXPECT_EQ(futex(word_ + 2, FUTEX_WAKE_BITSET, 1, kNone, 0), -EINVAL);
  EXPECT_EQ(futex(word_ + 2, FUTEX_WAKE, 1), -EINVAL);
  EXPECT_EQ(futex(memory_size() + 1, FUTEX_WAIT, 0), -EINVAL);
  EXPECT_EQ(futex(memory_size(), FUTEX_WAIT, 0), -EFAULT);
  EXPECT_EQ(futex(memory_size(), FUTEX_WAKE, 1), -EFAULT);
  EXPECT_EQ(futex(0, FUTEX_WAIT, 0), -EFAULT);
  // A private wake never looks at the page.
  EXPECT_EQ(futex(memory_size(), FUTEX_WAKE_PRIVATE, 1), 0);
  EXPECT_EQ(futex(0, FUTEX_WAKE_PRIVATE, 1), 0);
}

TEST_F(FutexTest, WaitOnAnotherValueIsEagainAndWakeWithoutWaitersIsZero) {
  set_word(word_, 5);
  EXPECT_EQ(futex(word_, FUTEX_WAIT, 4), -EAGAIN);
  EXPECT_EQ(futex(word_, FUTEX_WAIT_PRIVATE, 6), -EAGAIN);
  EXPECT_EQ(futex(word_, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, kNone, 1), -EAGAIN);
  EXPECT_EQ(futex(word_, FUTEX_WAKE, 1), 0);
  EXPECT_EQ(futex(word_, FUTEX_WAKE_BITSET_PRIVATE, 100, kNone, 3), 0);
}

TEST_F(FutexTest, RelativeTimeoutIsKeptAcrossSlices) {
  auto start = Clock::now();
  EXPECT_EQ(futex(word_, FUTEX_WAIT, 0, timespec_at(0, 75'000'000)), -ETIMEDOUT);
  int64_t ms = ms_since(start);
  EXPECT_GE(ms, 75);
  EXPECT_LT(ms, 500);
  EXPECT_EQ(futex(word_, FUTEX_WAIT_PRIVATE, 0, timespec_at(0, 0)), -ETIMEDOUT);
}

TEST_F(FutexTest, AbsoluteTimeoutsOnBothClocks) {
  for (clockid_t clock : {CLOCK_MONOTONIC, CLOCK_REALTIME}) {
    SCOPED_TRACE(clock);
    const int op = FUTEX_WAIT_BITSET | (clock == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0);
    auto start = Clock::now();
    EXPECT_EQ(futex(word_, op, 0, deadline_in(clock, 45), FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
    int64_t ms = ms_since(start);
    EXPECT_GE(ms, 44);
    EXPECT_LT(ms, 500);
    // A deadline already past.
    EXPECT_EQ(futex(word_, op, 0, timespec_at(1, 0), FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
  }
}

TEST_F(FutexTest, WakeWakesAWaiter) {
  std::atomic<int64_t> result{1};
  std::thread waiter([&] { result = futex(word_, FUTEX_WAIT_PRIVATE, 0); });
  EXPECT_TRUE(wake_one(cage_, word_, FUTEX_WAKE_PRIVATE));
  waiter.join();
  EXPECT_EQ(result.load(), 0);
}

TEST_F(FutexTest, AValueChangedBetweenSlicesCountsAsAWake) {
  std::atomic<int64_t> result{1};
  std::thread waiter([&] { result = futex(word_, FUTEX_WAIT, 0, timespec_at(5, 0)); });
  std::this_thread::sleep_for(50ms);  // a few slices
  set_word(word_, 1);                 // no wake: the next slice sees the change
  waiter.join();
  EXPECT_EQ(result.load(), 0);
}

TEST_F(FutexTest, BitsetsSelectTheWaiters) {
  std::atomic<int64_t> result{1};
  std::thread waiter([&] { result = futex(word_, FUTEX_WAIT_BITSET, 0, kNone, 0x4); });
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(futex(word_, FUTEX_WAKE_BITSET, 1, kNone, 0x3), 0);
  EXPECT_TRUE(wake_one(cage_, word_, FUTEX_WAKE_BITSET, 0x6));
  waiter.join();
  EXPECT_EQ(result.load(), 0);
}

TEST_F(FutexTest, APendingSignalInterruptsTheWait) {
  Cage* c = find_cage(cage_);
  c->interrupt_pending = true;
  // Without a timeout the wait restarts after an SA_RESTART handler (as on
  // Linux); with one it is EINTR.
  EXPECT_EQ(futex(word_, FUTEX_WAIT, 0), kRestartSyscall);
  EXPECT_EQ(futex(word_, FUTEX_WAIT, 0, timespec_at(5, 0)), -EINTR);
  c->interrupt_pending = false;

  std::atomic<int64_t> result{1};
  auto start = Clock::now();
  std::thread waiter([&] { result = futex(word_, FUTEX_WAIT_BITSET, 0, kNone, FUTEX_BITSET_MATCH_ANY); });
  std::this_thread::sleep_for(40ms);
  EXPECT_EQ(result.load(), 1);  // still waiting
  c->interrupt_pending = true;
  waiter.join();
  c->interrupt_pending = false;
  EXPECT_EQ(result.load(), kRestartSyscall);
  EXPECT_LT(ms_since(start), 40 + 500);
}

TEST_F(FutexTest, CagesMeetOnASharedPageOnly) {
  const uint64_t rw = PROT_READ | PROT_WRITE;
  const auto shared = static_cast<uint64_t>(call(LIND_SYS_mmap, 0, 4096, rw, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  const auto priv = static_cast<uint64_t>(call(LIND_SYS_mmap, 0, 4096, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_GT(int64_t(shared), 0);
  ASSERT_GT(int64_t(priv), 0);
  const int64_t child = fork();
  ASSERT_GT(child, 0);
  // The child waits on its own copy of the private page: the parent's wake
  // there reaches nobody.
  std::atomic<int64_t> result{1};
  std::thread waiter([&] { result = futex_as(child, priv + 8, FUTEX_WAIT, 0, timespec_at(0, 150'000'000)); });
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(futex(priv + 8, FUTEX_WAKE, 1), 0);
  waiter.join();
  EXPECT_EQ(result.load(), -ETIMEDOUT);
  // On the shared page the parent wakes the child, with or without the
  // private flag on either side.
  for (int flag : {0, FUTEX_PRIVATE_FLAG}) {
    result = 1;
    std::thread w([&] { result = futex_as(child, shared + 8, FUTEX_WAIT | flag, 0); });
    EXPECT_TRUE(wake_one(cage_, shared + 8, FUTEX_WAKE | (flag ^ FUTEX_PRIVATE_FLAG)));
    w.join();
    EXPECT_EQ(result.load(), 0);
  }
  // And a value the parent stores is the child's too (EAGAIN).
  set_word(shared + 12, 3);
  EXPECT_EQ(futex_as(child, shared + 12, FUTEX_WAIT, 0), -EAGAIN);
  exit_cage(child, 0);
  EXPECT_EQ(wait(child), child);
}

}  // namespace
}  // namespace lind::rawposix::test
