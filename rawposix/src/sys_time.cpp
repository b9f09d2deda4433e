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

#include "cage_copy.h"
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

// rem (may be NULL) is written only when the sleep is interrupted (EINTR).
LIND_SYSCALL(nanosleep) {
  KTimespec req;
  if (int r = copy_from_cage(a.cage[0], a.a[0], req)) return r;
  if (!valid_timespec(req)) return -EINVAL;
  timespec ts{req.sec, req.nsec}, rem{};
  if (::nanosleep(&ts, &rem) == 0) return 0;
  int err = errno;
  if (err == EINTR && a.a[1] != 0) {
    if (int r = copy_to_cage(a.cage[1], a.a[1], KTimespec{rem.tv_sec, rem.tv_nsec})) return r;
  }
  return -err;
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
