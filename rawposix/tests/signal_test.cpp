// Signals at the syscall level: dispositions, masks, generation rules,
// the delivery bookkeeping lind-boot relies on (next_signal), interrupted
// blocking calls, timers, SIGCHLD and stop/continue as wait4 reports them.
#include <fcntl.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "proc_fixture.h"
#include "signal_state.h"

namespace lind::rawposix::test {
namespace {

using namespace std::chrono_literals;

struct KSigaction {
  uint64_t handler, flags, restorer, mask;
};
constexpr uint64_t kSaRestart = 0x10000000, kSaNoDefer = 0x40000000, kSaResetHand = 0x80000000;
constexpr uint64_t bit(int sig) { return uint64_t{1} << (sig - 1); }

class SignalTest : public ProcTest {
 protected:
  int64_t sigaction_as(CageId cage, int sig, uint64_t handler, uint64_t flags = 0, uint64_t mask = 0,
                       uint64_t old = 0) {
    KSigaction k{handler, flags, 0, mask};
    uint64_t act = put(&k, sizeof k);
    return call_as(cage, LIND_SYS_rt_sigaction, sig, act, old, 8);
  }
  int64_t sigaction(int sig, uint64_t handler, uint64_t flags = 0, uint64_t mask = 0) {
    return sigaction_as(cage_, sig, handler, flags, mask);
  }
  int64_t mask_as(CageId cage, int how, uint64_t set) {
    return call_as(cage, LIND_SYS_rt_sigprocmask, how, put(&set, 8), 0, 8);
  }
  uint64_t blocked_of(CageId cage) {
    uint64_t old = reserve(8);
    EXPECT_EQ(call_as(cage, LIND_SYS_rt_sigprocmask, SIG_BLOCK, 0, old, 8), 0);
    return get<uint64_t>(old);
  }
  uint64_t pending_of(CageId cage) {
    uint64_t out = reserve(8);
    EXPECT_EQ(call_as(cage, LIND_SYS_rt_sigpending, out, 8), 0);
    return get<uint64_t>(out);
  }
  int64_t kill_as(CageId from, int64_t pid, int sig) {
    return call_as(from, LIND_SYS_kill, static_cast<uint64_t>(pid), sig);
  }
  // Posts `sig` to the cage from another thread after `delay`.
  std::thread post_later(CageId to, int sig, std::chrono::milliseconds delay) {
    return std::thread([=] {
      std::this_thread::sleep_for(delay);
      post_signal(to, sig, 0);
    });
  }
};

TEST_F(SignalTest, SigactionRoundTripAndItsErrors) {
  ASSERT_EQ(sigaction(SIGUSR1, 7, kSaRestart, bit(SIGUSR2) | bit(SIGKILL)), 0);
  uint64_t old = reserve(sizeof(KSigaction));
  EXPECT_EQ(call(LIND_SYS_rt_sigaction, SIGUSR1, 0, old, 8), 0);
  auto got = get<KSigaction>(old);
  EXPECT_EQ(got.handler, 7u);
  EXPECT_EQ(got.flags, kSaRestart);
  EXPECT_EQ(got.mask, bit(SIGUSR2)) << "SIGKILL cannot be in a handler's mask";

  EXPECT_EQ(sigaction(SIGKILL, 7), -EINVAL);
  EXPECT_EQ(sigaction(SIGSTOP, kSigIgn), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_rt_sigaction, SIGKILL, 0, old, 8), 0) << "reading SIGKILL's is allowed";
  EXPECT_EQ(sigaction(0, 7), -EINVAL);
  EXPECT_EQ(sigaction(65, 7), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_rt_sigaction, SIGUSR1, 0, old, 4), -EINVAL) << "sigsetsize must be 8";
  EXPECT_EQ(call(LIND_SYS_rt_sigaction, SIGUSR1, 1u << 30, 0, 8), -EFAULT);
}

TEST_F(SignalTest, SigprocmaskHowsAndTheUnblockableSignals) {
  EXPECT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGUSR1) | bit(SIGKILL) | bit(SIGSTOP)), 0);
  EXPECT_EQ(blocked_of(cage_), bit(SIGUSR1));
  EXPECT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGUSR2)), 0);
  EXPECT_EQ(mask_as(cage_, SIG_UNBLOCK, bit(SIGUSR1)), 0);
  EXPECT_EQ(blocked_of(cage_), bit(SIGUSR2));
  EXPECT_EQ(mask_as(cage_, SIG_SETMASK, bit(SIGTERM)), 0);
  EXPECT_EQ(blocked_of(cage_), bit(SIGTERM));
  EXPECT_EQ(mask_as(cage_, 7, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_rt_sigprocmask, 7, 0, 0, 8), 0) << "how is not looked at without a set";
  EXPECT_EQ(call(LIND_SYS_rt_sigprocmask, SIG_BLOCK, 0, 0, 16), -EINVAL);
}

TEST_F(SignalTest, KillArgumentsAndTargets) {
  EXPECT_EQ(kill_as(cage_, cage_, 65), -EINVAL);
  EXPECT_EQ(kill_as(cage_, cage_, -1), -EINVAL);
  EXPECT_EQ(kill_as(cage_, 999, SIGUSR1), -ESRCH);
  EXPECT_EQ(kill_as(cage_, cage_, 0), 0) << "signal 0 checks existence";
  EXPECT_EQ(kill_as(cage_, -1, SIGUSR1), -ESRCH) << "nobody but cage 1 and the caller";
  EXPECT_EQ(kill_as(cage_, -4000, SIGUSR1), -ESRCH);

  // A group: two children in the caller's group, one moved out.
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGUSR1)), 0);
  CageId a = fork(), b = fork();
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  ASSERT_EQ(call_as(b, LIND_SYS_setpgid, 0, 0), 0);
  EXPECT_EQ(kill_as(cage_, 0, SIGUSR1), 0);
  EXPECT_EQ(pending_of(cage_), bit(SIGUSR1));
  EXPECT_EQ(pending_of(a), bit(SIGUSR1));
  EXPECT_EQ(pending_of(b), 0u);
  EXPECT_EQ(kill_as(a, -static_cast<int64_t>(b), SIGUSR1), 0);
  EXPECT_EQ(pending_of(b), bit(SIGUSR1));
  exit_cage(a, 0);
  EXPECT_EQ(kill_as(cage_, a, SIGUSR1), 0) << "a zombie can be signalled (to no effect)";
}

TEST_F(SignalTest, DeliveryAppliesTheHandlersMaskAndRestoresTheOldOne) {
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGTERM)), 0);
  ASSERT_EQ(sigaction(SIGUSR1, 9, kSaRestart, bit(SIGUSR2)), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGUSR1), 0);
  EXPECT_TRUE(find_cage(cage_)->interrupt_pending);
  SignalDelivery d = next_signal(cage_);
  ASSERT_EQ(d.kind, SignalDelivery::Kind::Handler);
  EXPECT_EQ(d.sig, SIGUSR1);
  EXPECT_EQ(d.handler, 9u);
  EXPECT_EQ(d.flags, kSaRestart);
  EXPECT_EQ(d.sender, cage_);
  EXPECT_EQ(d.restore_mask, bit(SIGTERM));
  EXPECT_EQ(blocked_of(cage_), bit(SIGTERM) | bit(SIGUSR1) | bit(SIGUSR2));
  EXPECT_FALSE(find_cage(cage_)->interrupt_pending);
  // Raised again inside the handler: waits for the handler's return.
  ASSERT_EQ(kill_as(cage_, cage_, SIGUSR1), 0);
  EXPECT_EQ(next_signal(cage_).kind, SignalDelivery::Kind::None);
  signal_handler_returned(cage_, d.restore_mask);
  EXPECT_EQ(blocked_of(cage_), bit(SIGTERM));
  EXPECT_EQ(next_signal(cage_).sig, SIGUSR1);
}

TEST_F(SignalTest, NoDeferAndResetHand) {
  ASSERT_EQ(sigaction(SIGUSR1, 9, kSaNoDefer | kSaResetHand), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGUSR1), 0);
  SignalDelivery d = next_signal(cage_);
  ASSERT_EQ(d.kind, SignalDelivery::Kind::Handler);
  EXPECT_EQ(blocked_of(cage_), 0u) << "SA_NODEFER: not blocked in its handler";
  ASSERT_EQ(kill_as(cage_, cage_, SIGUSR1), 0);
  EXPECT_EQ(next_signal(cage_).kind, SignalDelivery::Kind::Terminate) << "SA_RESETHAND: SIG_DFL again";
}

TEST_F(SignalTest, IgnoredSignalsAreDroppedBlockedOnesWait) {
  ASSERT_EQ(sigaction(SIGUSR1, kSigIgn), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGUSR1), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGCHLD), 0);  // SIG_DFL, whose default ignores
  EXPECT_EQ(next_signal(cage_).kind, SignalDelivery::Kind::None);
  EXPECT_FALSE(find_cage(cage_)->interrupt_pending);

  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGUSR1) | bit(SIGTERM)), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGUSR1), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGTERM), 0);
  EXPECT_EQ(pending_of(cage_), bit(SIGUSR1) | bit(SIGTERM)) << "blocked: pending even if ignored";
  ASSERT_EQ(mask_as(cage_, SIG_UNBLOCK, bit(SIGUSR1)), 0);
  EXPECT_EQ(pending_of(cage_), bit(SIGTERM)) << "unblocked and ignored: gone";
  ASSERT_EQ(sigaction(SIGTERM, kSigIgn), 0);
  EXPECT_EQ(pending_of(cage_), 0u) << "set to SIG_IGN: a pending one is discarded";
}

TEST_F(SignalTest, UnblockingADefaultTerminatingSignalKills) {
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGTERM)), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGTERM), 0);
  EXPECT_EQ(next_signal(cage_).kind, SignalDelivery::Kind::None);
  ASSERT_EQ(mask_as(cage_, SIG_UNBLOCK, bit(SIGTERM)), 0);
  SignalDelivery d = next_signal(cage_);
  EXPECT_EQ(d.kind, SignalDelivery::Kind::Terminate);
  EXPECT_EQ(d.sig, SIGTERM);
}

TEST_F(SignalTest, SigsuspendWaitsWithTheGivenMaskAndHandsBackTheOld) {
  ASSERT_EQ(sigaction(SIGUSR1, 9), 0);
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGUSR1) | bit(SIGUSR2)), 0);
  std::thread poster = post_later(cage_, SIGUSR1, 50ms);
  uint64_t only2 = bit(SIGUSR2);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(call(LIND_SYS_rt_sigsuspend, put(&only2, 8), 8), -EINTR);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 40ms);
  poster.join();
  SignalDelivery d = next_signal(cage_);
  ASSERT_EQ(d.kind, SignalDelivery::Kind::Handler);
  EXPECT_EQ(d.restore_mask, bit(SIGUSR1) | bit(SIGUSR2)) << "the mask before sigsuspend";
  signal_handler_returned(cage_, d.restore_mask);
  EXPECT_EQ(blocked_of(cage_), bit(SIGUSR1) | bit(SIGUSR2));
}

TEST_F(SignalTest, PauseReturnsOnceASignalIsDeliverable) {
  ASSERT_EQ(sigaction(SIGUSR1, 9), 0);
  std::thread poster = post_later(cage_, SIGUSR1, 30ms);
  EXPECT_EQ(call(LIND_SYS_pause), -EINTR);
  poster.join();
  EXPECT_EQ(next_signal(cage_).sig, SIGUSR1);
}

TEST_F(SignalTest, ABlockingPipeReadIsInterruptedAndRestartable) {
  uint64_t fds = reserve(8);
  ASSERT_EQ(call(LIND_SYS_pipe, fds), 0);
  int r = get<int>(fds), w = get<int>(fds + 4);
  uint64_t buf = reserve(16);
  ASSERT_EQ(sigaction(SIGUSR1, 9, kSaRestart), 0);
  std::thread poster = post_later(cage_, SIGUSR1, 50ms);
  EXPECT_EQ(call(LIND_SYS_read, r, buf, 16), kRestartSyscall);
  poster.join();
  ASSERT_EQ(next_signal(cage_).kind, SignalDelivery::Kind::Handler);
  ASSERT_EQ(call(LIND_SYS_write, w, put("hi"), 2), 2);
  EXPECT_EQ(call(LIND_SYS_read, r, buf, 16), 2) << "the restarted read gets the data";

  ASSERT_EQ(call(LIND_SYS_fcntl, r, F_SETFL, O_NONBLOCK), 0);
  EXPECT_EQ(call(LIND_SYS_read, r, buf, 16), -EAGAIN) << "O_NONBLOCK still says EAGAIN";
}

TEST_F(SignalTest, WritingToABrokenPipeGivesEpipeAndSigpipe) {
  uint64_t fds = reserve(8);
  ASSERT_EQ(call(LIND_SYS_pipe, fds), 0);
  ASSERT_EQ(call(LIND_SYS_close, get<int>(fds)), 0);
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGPIPE)), 0);
  EXPECT_EQ(call(LIND_SYS_write, get<int>(fds + 4), put("x"), 1), -EPIPE);
  EXPECT_EQ(pending_of(cage_), bit(SIGPIPE));
}

TEST_F(SignalTest, NanosleepIsInterruptedWithTheTimeLeft) {
  ASSERT_EQ(sigaction(SIGUSR1, 9, kSaRestart), 0);
  struct {
    int64_t sec, nsec;
  } req{5, 0};
  uint64_t rem = reserve(16);
  std::thread poster = post_later(cage_, SIGUSR1, 50ms);
  EXPECT_EQ(call(LIND_SYS_nanosleep, put(&req, 16), rem), -EINTR) << "never restarted, even with SA_RESTART";
  poster.join();
  auto left = get<decltype(req)>(rem);
  EXPECT_EQ(left.sec, 4);
  EXPECT_GT(left.nsec, 0);
}

TEST_F(SignalTest, AlarmAndItimerReal) {
  EXPECT_EQ(call(LIND_SYS_alarm, 10), 0);
  EXPECT_EQ(call(LIND_SYS_alarm, 5), 10) << "seconds left, rounded";
  uint64_t cur = reserve(32);
  ASSERT_EQ(call(LIND_SYS_getitimer, 0, cur), 0);
  EXPECT_EQ(get<int64_t>(cur + 16), 4) << "it_value: 4.99.. s";
  EXPECT_EQ(call(LIND_SYS_alarm, 0), 5);
  ASSERT_EQ(call(LIND_SYS_getitimer, 0, cur), 0);
  EXPECT_EQ(get<int64_t>(cur + 16) + get<int64_t>(cur + 24), 0) << "disarmed";

  int64_t bad[4] = {0, 0, 0, 1000000};
  EXPECT_EQ(call(LIND_SYS_setitimer, 0, put(bad, 32), 0), -EINVAL);
  int64_t fine[4] = {0, 0, 0, 20000};
  EXPECT_EQ(call(LIND_SYS_setitimer, 1, put(fine, 32), 0), -EINVAL) << "ITIMER_VIRTUAL is not kept";

  // 20 ms, then 20 ms periods: SIGALRM comes (kept pending while blocked).
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGALRM)), 0);
  int64_t periodic[4] = {0, 20000, 0, 20000};
  ASSERT_EQ(call(LIND_SYS_setitimer, 0, put(periodic, 32), 0), 0);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(pending_of(cage_), bit(SIGALRM));
  int64_t off[4] = {};
  uint64_t old = reserve(32);
  ASSERT_EQ(call(LIND_SYS_setitimer, 0, put(off, 32), old), 0);
  EXPECT_EQ(get<int64_t>(old + 8), 20000) << "the old interval";
}

TEST_F(SignalTest, ChildExitPostsSigchldAndSigIgnReapsAtOnce) {
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGCHLD)), 0);
  CageId child = fork();
  exit_cage(child, 3);
  EXPECT_EQ(pending_of(cage_), bit(SIGCHLD));
  EXPECT_TRUE(is_zombie(child));
  EXPECT_EQ(wait(child), child);

  ASSERT_EQ(sigaction(SIGCHLD, kSigIgn), 0);
  child = fork();
  exit_cage(child, 3);
  EXPECT_FALSE(exists(child)) << "no zombie when SIGCHLD is ignored";
  EXPECT_EQ(wait(-1), -ECHILD);
}

TEST_F(SignalTest, StopAndContinueAsWait4ReportsThem) {
  CageId child = fork();
  ASSERT_GT(child, 0);
  std::atomic<int> after_stop{-1};
  ASSERT_EQ(kill_as(cage_, child, SIGSTOP), 0);
  std::thread runner([&] { after_stop = static_cast<int>(next_signal(child).kind); });
  uint64_t st = reserve(4);
  EXPECT_EQ(wait(child, st, WUNTRACED), child);
  EXPECT_EQ(get<int>(st), (SIGSTOP << 8) | 0x7f);
  EXPECT_EQ(wait(child, st, WNOHANG | WUNTRACED), 0) << "reported once";
  EXPECT_EQ(after_stop.load(), -1) << "still stopped";
  ASSERT_EQ(kill_as(cage_, child, SIGCONT), 0);
  runner.join();
  EXPECT_EQ(after_stop.load(), static_cast<int>(SignalDelivery::Kind::None));
  EXPECT_EQ(wait(child, st, WCONTINUED), child);
  EXPECT_EQ(get<int>(st), 0xffff);
  exit_cage(child, 0);
  EXPECT_EQ(wait(child), child);
}

TEST_F(SignalTest, ForkCopiesDispositionsAndMaskNotPending) {
  ASSERT_EQ(sigaction(SIGUSR1, 9, kSaRestart), 0);
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGUSR2)), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGUSR2), 0);
  CageId child = fork();
  uint64_t old = reserve(sizeof(KSigaction));
  EXPECT_EQ(call_as(child, LIND_SYS_rt_sigaction, SIGUSR1, 0, old, 8), 0);
  EXPECT_EQ(get<KSigaction>(old).handler, 9u);
  EXPECT_EQ(blocked_of(child), bit(SIGUSR2));
  EXPECT_EQ(pending_of(child), 0u);
}

TEST_F(SignalTest, ExecResetsCaughtSignalsOnly) {
  ASSERT_EQ(sigaction(SIGUSR1, 9), 0);
  ASSERT_EQ(sigaction(SIGUSR2, kSigIgn), 0);
  ASSERT_EQ(mask_as(cage_, SIG_BLOCK, bit(SIGINT)), 0);
  ASSERT_EQ(kill_as(cage_, cage_, SIGINT), 0);
  prepare_exec(cage_);
  uint64_t old = reserve(sizeof(KSigaction));
  EXPECT_EQ(call(LIND_SYS_rt_sigaction, SIGUSR1, 0, old, 8), 0);
  EXPECT_EQ(get<KSigaction>(old).handler, kSigDfl);
  EXPECT_EQ(call(LIND_SYS_rt_sigaction, SIGUSR2, 0, old, 8), 0);
  EXPECT_EQ(get<KSigaction>(old).handler, kSigIgn);
  EXPECT_EQ(blocked_of(cage_), bit(SIGINT));
  EXPECT_EQ(pending_of(cage_), bit(SIGINT));
}

}  // namespace
}  // namespace lind::rawposix::test
