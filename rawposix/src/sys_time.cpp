// Clocks and sleeping: clock_gettime, clock_getres, gettimeofday,
// nanosleep, clock_nanosleep; and sched_yield (giving up the CPU without
// sleeping: the cage's host thread yields). Forwarded to the host's clocks (the vDSO where
// glibc has it) after the clock id and every structure are checked, in the
// order Linux checks them, so each failure has Linux's errno.
//
// Clock ids. The static ids Linux has (0-9 and 11: REALTIME, MONOTONIC,
// PROCESS_CPUTIME_ID, THREAD_CPUTIME_ID, MONOTONIC_RAW, REALTIME_COARSE,
// MONOTONIC_COARSE, BOOTTIME, REALTIME_ALARM, BOOTTIME_ALARM, TAI) go to the
// host unchanged; whatever the host says about them (the alarm clocks need an
// RTC, clock_nanosleep does not sleep on the coarse or raw clocks) is the
// answer. 10 (the removed SGI_CYCLE) and anything above 11 is EINVAL.
// Negative ids are the CPU-time clocks of clock_getcpuclockid and
// pthread_getcpuclockid, which encode a pid or tid: host pids mean nothing
// to a cage, so a process clock is accepted for pid 0 or the cage's own pid
// and a thread clock for tid 0 (the calling thread), both rewritten to the
// host's "self" form; any other pid, and the fd-based dynamic clocks
// (/dev/ptp*), are EINVAL (Linux's answer for a pid that does not exist).
//
// Deviation: every cage runs inside the one lind-boot process, so a
// process CPU-time clock (CLOCK_PROCESS_CPUTIME_ID, or the cage's own pid)
// counts the CPU time of all of lind-boot. Thread CPU-time clocks are exact:
// a cage thread is a host thread.
#include <sys/syscall.h>
#include <sched.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>

#include "cage_copy.h"
#include "interruptible.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

constexpr int64_t kNsecPerSec = 1'000'000'000;

// The host clock for a cage's clock id, or false (EINVAL). Linux reads the
// id as a 32-bit int.
bool host_clock(CageId target, uint64_t raw, clockid_t& out) {
  auto id = static_cast<int32_t>(raw);
  if (id >= 0) {
    if (id > 11 || id == 10) return false;
    out = id;
    return true;
  }
  // CPU clocks: ~pid << 3 | perthread(4) | type (0 PROF, 1 VIRT, 2 SCHED).
  // Low bits 3 (with or without 4) are an fd clock or invalid.
  if ((id & 3) == 3) return false;
  const bool per_thread = (id & 4) != 0;
  const auto pid = static_cast<int32_t>(~(id >> 3));
  if (per_thread ? pid != 0 : (pid != 0 && static_cast<uint64_t>(pid) != target)) return false;
  out = static_cast<clockid_t>((~0 << 3) | (id & 7));  // pid 0: this thread / this process
  return true;
}

bool valid_timespec(const KTimespec& t) { return t.sec >= 0 && t.nsec >= 0 && t.nsec < kNsecPerSec; }

int64_t ns_of(const timespec& t) { return int64_t{t.tv_sec} * kNsecPerSec + t.tv_nsec; }
timespec ts_of(int64_t ns) { return timespec{ns / kNsecPerSec, ns % kNsecPerSec}; }

// Sleeps on host clock `id` until its time reaches `deadline_ns`, unless a
// signal becomes deliverable to the cage: 0, or -EINTR with the time that
// was left in `left_ns`. Never restarted, as Linux's nanosleep.
int64_t interruptible_sleep(CageId target, clockid_t id, int64_t deadline_ns, int64_t& left_ns) {
  Cage* c = find_cage(target);
  for (;;) {
    timespec now{};
    ::clock_gettime(id, &now);
    left_ns = deadline_ns - ns_of(now);
    if (left_ns <= 0) return 0;
    timespec rel = ts_of(left_ns);
    if (wait_fd_or_signal(*c, -1, 0, &rel) == WaitResult::Signal) {
      ::clock_gettime(id, &now);
      left_ns = std::max<int64_t>(deadline_ns - ns_of(now), 0);
      return -EINTR;
    }
  }
}

// The clocks a sleep can be interrupted on: waited for with ppoll, whose
// timeout runs on the monotonic clock, so each wake re-reads the clock
// slept on. Other clocks sleep in the host, uninterrupted.
bool interruptible_clock(clockid_t id) {
  return id == CLOCK_REALTIME || id == CLOCK_MONOTONIC || id == CLOCK_BOOTTIME || id == CLOCK_TAI;
}

}  // namespace

LIND_SYSCALL(clock_gettime) {
  clockid_t id;
  if (!host_clock(target, a.a[0], id)) return -EINVAL;
  timespec ts{};
  if (::clock_gettime(id, &ts) != 0) return -errno;
  return copy_to_cage(a.cage[1], a.a[1], KTimespec{ts.tv_sec, ts.tv_nsec});
}

// res may be NULL: then only the clock id is checked.
LIND_SYSCALL(clock_getres) {
  clockid_t id;
  if (!host_clock(target, a.a[0], id)) return -EINVAL;
  timespec ts{};
  if (::clock_getres(id, &ts) != 0) return -errno;
  if (a.a[1] == 0) return 0;
  return copy_to_cage(a.cage[1], a.a[1], KTimespec{ts.tv_sec, ts.tv_nsec});
}

// Both tv and tz may be NULL. tz reports the host kernel's timezone (as the
// vDSO does; usually zeros).
LIND_SYSCALL(gettimeofday) {
  timeval tv{};
  struct timezone tz {};
  if (::gettimeofday(&tv, &tz) != 0) return -errno;
  if (a.a[0] != 0) {
    if (int r = copy_to_cage(a.cage[0], a.a[0], KTimeval{tv.tv_sec, tv.tv_usec})) return r;
  }
  if (a.a[1] != 0) {
    struct {
      int32_t minuteswest, dsttime;
    } ktz{tz.tz_minuteswest, tz.tz_dsttime};
    if (int r = copy_to_cage(a.cage[1], a.a[1], ktz)) return r;
  }
  return 0;
}

// rem (may be NULL) is written only when the sleep is interrupted (EINTR,
// by a cage signal).
LIND_SYSCALL(nanosleep) {
  KTimespec req;
  if (int r = copy_from_cage(a.cage[0], a.a[0], req)) return r;
  if (!valid_timespec(req)) return -EINVAL;
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  int64_t left = 0;
  int64_t r = interruptible_sleep(target, CLOCK_MONOTONIC, ns_of(now) + req.sec * kNsecPerSec + req.nsec, left);
  if (r == -EINTR && a.a[1] != 0) {
    timespec rem = ts_of(left);
    if (int e = copy_to_cage(a.cage[1], a.a[1], KTimespec{rem.tv_sec, rem.tv_nsec})) return e;
  }
  return r;
}

// The raw syscall: failures are -errno (not glibc's positive return value).
// With TIMER_ABSTIME, rem is never written.
LIND_SYSCALL(clock_nanosleep) {
  clockid_t id;
  if (!host_clock(target, a.a[0], id)) return -EINVAL;
  const auto flags = static_cast<int32_t>(a.a[1]);
  KTimespec req;
  if (copy_from_cage(a.cage[2], a.a[2], req) != 0) {
    // Linux rejects a clock that cannot sleep (EOPNOTSUPP) before it reads
    // req; asking the host with a NULL req gives exactly that order.
    ::syscall(SYS_clock_nanosleep, id, flags, nullptr, nullptr);
    return errno == EFAULT || errno == 0 ? -EFAULT : -errno;
  }
  if (!valid_timespec(req)) {
    // The same order for an invalid timespec: a clock that cannot sleep
    // reports that first.
    timespec bad{0, -1};
    ::syscall(SYS_clock_nanosleep, id, flags, &bad, nullptr);
    return -errno;
  }
  timespec ts{req.sec, req.nsec}, rem{};
  if (interruptible_clock(id)) {
    int64_t deadline = ns_of(ts);
    if (!(flags & TIMER_ABSTIME)) {
      timespec now{};
      ::clock_gettime(id, &now);
      deadline += ns_of(now);
    }
    int64_t left = 0;
    int64_t r = interruptible_sleep(target, id, deadline, left);
    if (r == -EINTR && !(flags & TIMER_ABSTIME) && a.a[3] != 0) {
      rem = ts_of(left);
      if (int e = copy_to_cage(a.cage[3], a.a[3], KTimespec{rem.tv_sec, rem.tv_nsec})) return e;
    }
    return r;
  }
  if (::syscall(SYS_clock_nanosleep, id, flags, &ts, &rem) == 0) return 0;
  int err = errno;
  if (err == EINTR && !(flags & TIMER_ABSTIME) && a.a[3] != 0) {
    if (int r = copy_to_cage(a.cage[3], a.a[3], KTimespec{rem.tv_sec, rem.tv_nsec})) return r;
  }
  return -err;
}

// Always succeeds on Linux.
LIND_SYSCALL(sched_yield) {
  ::sched_yield();
  return 0;
}

}  // namespace lind::rawposix
