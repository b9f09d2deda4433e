// clock_gettime, clock_getres, gettimeofday, nanosleep, clock_nanosleep
// through 3i: results in the x86-64 layout, Linux's errnos and checking
// order, NULL where Linux allows it.
#include <signal.h>
#include <sys/syscall.h>
#include <pthread.h>
#include <time.h>

#include <chrono>
#include <thread>

#include "cage_fixture.h"
#include "signal_state.h"

namespace lind::rawposix::test {
namespace {

struct Ts {
  int64_t sec, nsec;
};

class TimeTest : public CageTest {
 protected:
  uint64_t put_ts(int64_t sec, int64_t nsec) {
    Ts t{sec, nsec};
    return put(&t, sizeof t);
  }
  static int64_t ns(const Ts& t) { return t.sec * 1'000'000'000 + t.nsec; }
  static int64_t host_ns(clockid_t id) {
    timespec t{};
    clock_gettime(id, &t);
    return t.tv_sec * 1'000'000'000LL + t.tv_nsec;
  }
};

TEST_F(TimeTest, ClockGettimeReadsTheHostClocks) {
  uint64_t out = reserve(16);
  int64_t before = host_ns(CLOCK_REALTIME);
  ASSERT_EQ(call(LIND_SYS_clock_gettime, CLOCK_REALTIME, out), 0);
  int64_t after = host_ns(CLOCK_REALTIME);
  Ts t = get<Ts>(out);
  EXPECT_GE(ns(t), before);
  EXPECT_LE(ns(t), after);
  EXPECT_GE(t.nsec, 0);
  EXPECT_LT(t.nsec, 1'000'000'000);

  before = host_ns(CLOCK_MONOTONIC);
  ASSERT_EQ(call(LIND_SYS_clock_gettime, CLOCK_MONOTONIC, out), 0);
  EXPECT_GE(ns(get<Ts>(out)), before);
  EXPECT_LE(ns(get<Ts>(out)), host_ns(CLOCK_MONOTONIC));
}

TEST_F(TimeTest, EveryStaticLinuxClockIsAcceptedAndOthersAreEinval) {
  uint64_t out = reserve(16);
  for (int id : {0, 1, 2, 3, 4, 5, 6, 7, 11})
    EXPECT_EQ(call(LIND_SYS_clock_gettime, id, out), 0) << "clock " << id;
  // The alarm clocks need an RTC: whatever the host says, we say.
  for (int id : {8, 9}) {
    timespec t{};
    int host = clock_gettime(id, &t) == 0 ? 0 : -errno;
    EXPECT_EQ(call(LIND_SYS_clock_gettime, id, out), host) << "clock " << id;
  }
  for (uint64_t id : {10ull, 12ull, 16ull, 1000ull, 0x7fffffffull})
    EXPECT_EQ(call(LIND_SYS_clock_gettime, id, out), -EINVAL) << "clock " << id;
  // Linux reads the id as an int: the upper half of the register is ignored.
  EXPECT_EQ(call(LIND_SYS_clock_gettime, (uint64_t{5} << 32) | CLOCK_MONOTONIC, out), 0);
}

TEST_F(TimeTest, CpuClocksOfSelfAreAcceptedOthersAreEinval) {
  uint64_t out = reserve(16);
  // MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED) = (~pid << 3) | 2
  auto process_clock = [](int64_t pid) { return static_cast<uint64_t>((~pid << 3) | 2); };
  auto thread_clock = [](int64_t tid) { return static_cast<uint64_t>((~tid << 3) | 4 | 2); };
  EXPECT_EQ(call(LIND_SYS_clock_gettime, process_clock(0), out), 0);
  EXPECT_EQ(call(LIND_SYS_clock_gettime, process_clock(cage_), out), 0);  // pid = cage id
  EXPECT_EQ(call(LIND_SYS_clock_gettime, thread_clock(0), out), 0);
  EXPECT_EQ(call(LIND_SYS_clock_gettime, process_clock(getpid()), out), -EINVAL);  // a host pid
  EXPECT_EQ(call(LIND_SYS_clock_gettime, process_clock(1234), out), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_clock_gettime, thread_clock(77), out), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_clock_gettime, static_cast<uint64_t>((~int64_t{3} << 3) | 3), out), -EINVAL);  // fd clock
  EXPECT_EQ(call(LIND_SYS_clock_getres, process_clock(0), out), 0);
}

TEST_F(TimeTest, ClockGettimeBadPointerIsEfaultAfterTheIdCheck) {
  EXPECT_EQ(call(LIND_SYS_clock_gettime, CLOCK_REALTIME, 0), -EFAULT);  // NULL
  EXPECT_EQ(call(LIND_SYS_clock_gettime, CLOCK_REALTIME, memory_size() - 8), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_clock_gettime, CLOCK_REALTIME, uint64_t(-1)), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_clock_gettime, 99, 0), -EINVAL);
  // The last 16 bytes of the memory are fine, and need no alignment.
  EXPECT_EQ(call(LIND_SYS_clock_gettime, CLOCK_REALTIME, memory_size() - 16), 0);
  EXPECT_EQ(call(LIND_SYS_clock_gettime, CLOCK_REALTIME, 1027), 0);
}

TEST_F(TimeTest, ClockGetresAllowsNull) {
  uint64_t out = reserve(16);
  ASSERT_EQ(call(LIND_SYS_clock_getres, CLOCK_MONOTONIC, out), 0);
  timespec host{};
  clock_getres(CLOCK_MONOTONIC, &host);
  Ts t = get<Ts>(out);
  EXPECT_EQ(t.sec, host.tv_sec);
  EXPECT_EQ(t.nsec, host.tv_nsec);
  EXPECT_EQ(call(LIND_SYS_clock_getres, CLOCK_MONOTONIC, 0), 0);
  EXPECT_EQ(call(LIND_SYS_clock_getres, 10, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_clock_getres, 10, out), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_clock_getres, CLOCK_MONOTONIC, memory_size()), -EFAULT);
}

TEST_F(TimeTest, GettimeofdayWritesTimevalAndTimezoneEitherMayBeNull) {
  uint64_t tv = reserve(16), tz = reserve(8);
  // Fill tz with garbage so we can see it written.
  uint32_t junk[2] = {0xdeadbeef, 0xdeadbeef};
  ASSERT_TRUE(memory_->write(tz, junk, 8));
  int64_t before = host_ns(CLOCK_REALTIME) / 1000;
  ASSERT_EQ(call(LIND_SYS_gettimeofday, tv, tz), 0);
  int64_t after = host_ns(CLOCK_REALTIME) / 1000;
  Ts t = get<Ts>(tv);  // {sec, usec}
  EXPECT_GE(t.sec * 1'000'000 + t.nsec, before);
  EXPECT_LE(t.sec * 1'000'000 + t.nsec, after);
  EXPECT_LT(t.nsec, 1'000'000);
  struct timezone host_tz {};
  struct timeval host_tv {};
  gettimeofday(&host_tv, &host_tz);
  EXPECT_EQ(get<int32_t>(tz), host_tz.tz_minuteswest);
  EXPECT_EQ(get<int32_t>(tz + 4), host_tz.tz_dsttime);

  EXPECT_EQ(call(LIND_SYS_gettimeofday, tv, 0), 0);
  EXPECT_EQ(call(LIND_SYS_gettimeofday, 0, tz), 0);
  EXPECT_EQ(call(LIND_SYS_gettimeofday, 0, 0), 0);
  EXPECT_EQ(call(LIND_SYS_gettimeofday, memory_size() - 4, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_gettimeofday, tv, memory_size() - 4), -EFAULT);
}

TEST_F(TimeTest, NanosleepSleepsAtLeastTheTimeAndLeavesRemAlone) {
  uint64_t req = put_ts(0, 20'000'000);
  uint64_t rem = put_ts(77, 77);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(call(LIND_SYS_nanosleep, req, rem), 0);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(20));
  EXPECT_EQ(get<Ts>(rem).sec, 77);  // rem is only written on EINTR
  EXPECT_EQ(get<Ts>(rem).nsec, 77);
  EXPECT_EQ(call(LIND_SYS_nanosleep, put_ts(0, 0), 0), 0);  // rem may be NULL
}

TEST_F(TimeTest, NanosleepValidatesTheRequest) {
  EXPECT_EQ(call(LIND_SYS_nanosleep, put_ts(0, 1'000'000'000), 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_nanosleep, put_ts(0, -1), 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_nanosleep, put_ts(-1, 0), 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_nanosleep, 0, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_nanosleep, memory_size() - 8, 0), -EFAULT);
  // A bad rem is not looked at unless the sleep is interrupted.
  EXPECT_EQ(call(LIND_SYS_nanosleep, put_ts(0, 1000), memory_size()), 0);
}

// A cage signal (with a handler, so it is not ignored) posted 50 ms later
// from another thread; afterwards it is delivered as lind-boot would.
class CageSignalLater {
 public:
  explicit CageSignalLater(CageId cage)
      : cage_(cage), poster_([cage] {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          post_signal(cage, SIGUSR1, 0);
        }) {}
  ~CageSignalLater() {
    poster_.join();
    SignalDelivery d = next_signal(cage_);
    EXPECT_EQ(d.kind, SignalDelivery::Kind::Handler);
    signal_handler_returned(cage_, d.restore_mask);
  }

 private:
  CageId cage_;
  std::thread poster_;
};

TEST_F(TimeTest, InterruptedSleepsReportEintrAndTheRemainder) {
  struct {
    uint64_t handler, flags, restorer, mask;
  } act{9, 0x10000000 /* SA_RESTART: sleeps return EINTR anyway */, 0, 0};
  ASSERT_EQ(call(LIND_SYS_rt_sigaction, SIGUSR1, put(&act, sizeof act), 0, 8), 0);
  for (uint32_t nr : {LIND_SYS_nanosleep, LIND_SYS_clock_nanosleep}) {
    uint64_t req = put_ts(5, 0), rem = put_ts(-1, -1);
    int64_t r;
    {
      CageSignalLater sig(cage_);
      r = nr == LIND_SYS_nanosleep ? call(nr, req, rem) : call(nr, CLOCK_MONOTONIC, 0, req, rem);
    }
    EXPECT_EQ(r, -EINTR);
    Ts left = get<Ts>(rem);
    EXPECT_GT(ns(left), 2'000'000'000);  // 5 s less ~50 ms, with room for a slow machine
    EXPECT_LT(ns(left), 5'000'000'000);
  }
  // With TIMER_ABSTIME rem stays untouched; a bad rem after EINTR is EFAULT.
  {
    CageSignalLater sig(cage_);
    int64_t deadline = host_ns(CLOCK_MONOTONIC) + 5'000'000'000;
    uint64_t req = put_ts(deadline / 1'000'000'000, deadline % 1'000'000'000), rem = put_ts(-1, -1);
    EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, req, rem), -EINTR);
    EXPECT_EQ(get<Ts>(rem).sec, -1);
  }
  {
    CageSignalLater sig(cage_);
    EXPECT_EQ(call(LIND_SYS_nanosleep, put_ts(5, 0), memory_size() - 1), -EFAULT);
  }
  // On the realtime clock too (each wake re-reads the clock slept on).
  {
    CageSignalLater sig(cage_);
    uint64_t rem = put_ts(-1, -1);
    EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_REALTIME, 0, put_ts(5, 0), rem), -EINTR);
    EXPECT_GT(ns(get<Ts>(rem)), 2'000'000'000);
  }
}

TEST_F(TimeTest, ClockNanosleepClocksFlagsAndErrors) {
  uint64_t req = put_ts(0, 1'000'000);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, req, 0), 0);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_REALTIME, 0, req, 0), 0);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_BOOTTIME, 0, req, 0), 0);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_TAI, 0, req, 0), 0);
  // An absolute time in the past returns at once.
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, put_ts(0, 0), 0), 0);
  // Clocks that cannot sleep: the host's answer (EOPNOTSUPP on current
  // kernels), also before a bad req or an invalid timespec is noticed.
  for (int id : {CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_THREAD_CPUTIME_ID}) {
    // The kernel's answer, not glibc's (its wrapper says EINVAL for the
    // thread clock itself).
    timespec t{0, 1};
    ASSERT_NE(syscall(SYS_clock_nanosleep, id, 0, &t, nullptr), 0) << id;
    int host = errno;
    EXPECT_EQ(call(LIND_SYS_clock_nanosleep, id, 0, req, 0), -host) << id;
    EXPECT_EQ(call(LIND_SYS_clock_nanosleep, id, 0, 0, 0), -host) << id;
    EXPECT_EQ(call(LIND_SYS_clock_nanosleep, id, 0, put_ts(0, -5), 0), -host) << id;
  }
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, 10, 0, req, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, 12, 0, 0, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, 0, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, memory_size() - 1, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, put_ts(0, 1'000'000'000), 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, put_ts(-1, 0), 0), -EINVAL);
}

TEST_F(TimeTest, SchedYieldSucceeds) {
  EXPECT_EQ(call(LIND_SYS_sched_yield), 0);
  EXPECT_EQ(call(LIND_SYS_sched_yield, 1, 2, 3), 0);  // arguments are ignored
}

}  // namespace
}  // namespace lind::rawposix::test
