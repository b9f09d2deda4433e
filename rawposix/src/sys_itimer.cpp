// Interval timers: alarm (37), setitimer (38), getitimer (36). Each cage
// has one ITIMER_REAL; a single timer thread (started with the first
// timer) posts SIGALRM when one expires and re-arms periodic ones, as
// Linux does, skipping periods it missed. ITIMER_VIRTUAL and ITIMER_PROF
// (CPU-time timers) are not kept: EINVAL.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "cage_copy.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;

constexpr int kItimerReal = 0;
constexpr int64_t kUsecPerSec = 1'000'000;

struct RealTimer {
  Clock::time_point deadline;
  microseconds interval{0};
};

// Never destroyed: the thread may be running when lind-boot exits.
class RealTimers {
 public:
  // Arms (value > 0) or disarms the cage's timer; returns the old one as
  // {remaining, interval}.
  std::pair<microseconds, microseconds> set(CageId cage, microseconds value, microseconds interval) {
    std::lock_guard lock(mu_);
    std::pair<microseconds, microseconds> old = get_locked(cage);
    if (value.count() > 0) {
      timers_[cage] = RealTimer{Clock::now() + value, interval};
      if (!started_) {
        std::thread([this] { run(); }).detach();
        started_ = true;
      }
    } else {
      timers_.erase(cage);
    }
    changed_.notify_all();
    return old;
  }
  std::pair<microseconds, microseconds> get(CageId cage) {
    std::lock_guard lock(mu_);
    return get_locked(cage);
  }
  void cancel(CageId cage) {
    std::lock_guard lock(mu_);
    timers_.erase(cage);
  }

 private:
  std::pair<microseconds, microseconds> get_locked(CageId cage) {
    auto it = timers_.find(cage);
    if (it == timers_.end()) return {};
    auto left = std::chrono::ceil<microseconds>(it->second.deadline - Clock::now());
    // An expired timer that has not fired yet still counts as armed.
    return {std::max(left, microseconds(1)), it->second.interval};
  }

  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      if (timers_.empty()) {
        changed_.wait(lock);
        continue;
      }
      auto next = timers_.begin();
      for (auto it = timers_.begin(); it != timers_.end(); ++it)
        if (it->second.deadline < next->second.deadline) next = it;
      if (Clock::now() < next->second.deadline) {
        changed_.wait_until(lock, next->second.deadline);
        continue;
      }
      CageId cage = next->first;
      RealTimer& t = next->second;
      if (t.interval.count() > 0) {
        auto now = Clock::now();
        while (t.deadline <= now) t.deadline += t.interval;
      } else {
        timers_.erase(next);
      }
      // Posting takes process_mutex(): never under our lock (cancel() is
      // called with process_mutex() held).
      lock.unlock();
      post_signal(cage, SIGALRM, 0);
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable changed_;
  std::map<CageId, RealTimer> timers_;
  bool started_ = false;
};

RealTimers& timers() {
  static auto* t = new RealTimers;
  return *t;
}

microseconds to_us(const KTimeval& tv) { return microseconds(tv.sec * kUsecPerSec + tv.usec); }
KTimeval to_timeval(microseconds us) { return KTimeval{us.count() / kUsecPerSec, us.count() % kUsecPerSec}; }
bool valid(const KTimeval& tv) { return tv.sec >= 0 && tv.usec >= 0 && tv.usec < kUsecPerSec; }

// struct itimerval: {interval, value}.
struct KItimerval {
  KTimeval interval;
  KTimeval value;
};

}  // namespace

void cancel_real_timer(CageId cage) { timers().cancel(cage); }

LIND_SYSCALL(setitimer) {
  if (static_cast<int32_t>(a.a[0]) != kItimerReal) return -EINVAL;
  KItimerval nv{};
  // Linux (since 2.6.22 for compatibility) treats a NULL new value as zero.
  if (a.a[1] != 0) {
    if (int r = copy_from_cage(a.cage[1], a.a[1], nv)) return r;
    if (!valid(nv.interval) || !valid(nv.value)) return -EINVAL;
  }
  auto [left, interval] = timers().set(target, to_us(nv.value), to_us(nv.interval));
  if (a.a[2] != 0) return copy_to_cage(a.cage[2], a.a[2], KItimerval{to_timeval(interval), to_timeval(left)});
  return 0;
}

LIND_SYSCALL(getitimer) {
  if (static_cast<int32_t>(a.a[0]) != kItimerReal) return -EINVAL;
  auto [left, interval] = timers().get(target);
  return copy_to_cage(a.cage[1], a.a[1], KItimerval{to_timeval(interval), to_timeval(left)});
}

// The seconds that were left, rounded to the nearest (at least 1 while a
// timer was armed), as Linux's alarm.
LIND_SYSCALL(alarm) {
  auto secs = static_cast<uint32_t>(a.a[0]);
  auto [left, interval] = timers().set(target, microseconds(int64_t{secs} * kUsecPerSec), microseconds(0));
  (void)interval;
  if (left.count() == 0) return 0;
  int64_t s = left.count() / kUsecPerSec;
  if (left.count() % kUsecPerSec >= kUsecPerSec / 2) ++s;
  return s == 0 ? 1 : s;
}

}  // namespace lind::rawposix
