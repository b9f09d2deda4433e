// futex (202): FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET and
// FUTEX_WAKE_BITSET, each with or without FUTEX_PRIVATE_FLAG; every other
// operation is ENOSYS. FUTEX_CLOCK_REALTIME is accepted where Linux accepts
// it today, with FUTEX_WAIT_BITSET only (ENOSYS with the others, as Linux
// says since it dropped FUTEX_WAIT|FUTEX_CLOCK_REALTIME again in 5.x).
//
// The address is an offset in the cage's memory: not 4-byte aligned is
// EINVAL, outside the memory EFAULT (a private FUTEX_WAKE there wakes
// nobody and returns 0, as Linux's private futexes never look at the page).
// The host futex is made on the host address *without* FUTEX_PRIVATE_FLAG:
// a MAP_SHARED region is host shared memory mapped at a different host
// address in each cage (runtime/src/memory.cpp), and only a shared futex,
// keyed by the page rather than the address, lets two cages meet there.
// Cages that do not share the page still never meet, so a private futex
// loses nothing; a cage that uses FUTEX_PRIVATE_FLAG on MAP_SHARED memory
// meets the other cages (on Linux it would not; no correct program tells).
//
// Timeouts follow Linux: FUTEX_WAIT's is relative (CLOCK_MONOTONIC), the
// _BITSET one absolute, on CLOCK_MONOTONIC or with FUTEX_CLOCK_REALTIME
// on CLOCK_REALTIME; checked first (EFAULT, then EINVAL), as the kernel
// does before anything else. Results: 0 woken, EAGAIN the value differed,
// ETIMEDOUT, EINTR or a restart (below).
//
// Signals. A cage signal must interrupt a wait, but the host wait cannot
// see cage signals, so it is made in slices of at most 20 ms, each with the
// absolute deadline min(timeout, now + 20 ms) on the timeout's own clock
// (so the caller's timeout is kept exactly), and the cage's
// interrupt_pending is checked before every slice: set, the call returns
// kRestartSyscall without a timeout (an SA_RESTART handler restarts the
// wait, as on Linux) and EINTR with one. A value that changed between two slices (the host then says
// EAGAIN) means a waker came by: that is 0, not EAGAIN. A FUTEX_WAKE that
// falls between two slices and does not change the word is missed; that
// never matters to a correct futex user, who changes the word before waking.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <climits>

#include "cage_copy.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

constexpr int64_t kNsecPerSec = 1'000'000'000;
constexpr int64_t kSliceNs = 20'000'000;

int64_t ns_of(const timespec& t) { return int64_t{t.tv_sec} * kNsecPerSec + t.tv_nsec; }
timespec ts_of(int64_t ns) { return timespec{static_cast<time_t>(ns / kNsecPerSec), static_cast<long>(ns % kNsecPerSec)}; }
int64_t now_ns(clockid_t clock) {
  timespec t{};
  ::clock_gettime(clock, &t);
  return ns_of(t);
}
// now + d without overflow (a timeout of 2^62 s is "never").
int64_t add_ns(int64_t now, int64_t d) { return d > INT64_MAX - now ? INT64_MAX : now + d; }

long host_futex(uint32_t* addr, int op, uint32_t val, const timespec* ts, uint32_t val3) {
  return ::syscall(SYS_futex, addr, op, val, ts, nullptr, val3);
}

// Waits while *addr == val until woken, `deadline` (ns on `clock`,
// INT64_MAX: none), or a cage signal.
int64_t wait(Cage* c, uint32_t* addr, uint32_t val, uint32_t bitset, clockid_t clock, int64_t deadline) {
  const int clock_flag = clock == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0;
  for (bool first = true;; first = false) {
    if (c->interrupt_pending.load(std::memory_order_acquire))
      return deadline == INT64_MAX ? kRestartSyscall : -EINTR;
    const int64_t now = now_ns(clock);
    if (now >= deadline) return -ETIMEDOUT;
    const int64_t slice_end = std::min(deadline, add_ns(now, kSliceNs));
    const timespec until = ts_of(slice_end);
    if (host_futex(addr, FUTEX_WAIT_BITSET | clock_flag, val, &until, bitset) == 0) return 0;
    switch (errno) {
      case EAGAIN: return first ? -EAGAIN : 0;
      case ETIMEDOUT:
        if (slice_end == deadline) return -ETIMEDOUT;
        break;
      case EINTR: break;  // a host signal: look again
      default: return -errno;
    }
  }
}

}  // namespace

LIND_SYSCALL(futex) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  const uint64_t uaddr = a.a[0];
  const int op = static_cast<int>(a.a[1]);
  const auto val = static_cast<uint32_t>(a.a[2]);
  const uint64_t timeout_addr = a.a[3];
  const auto val3 = static_cast<uint32_t>(a.a[5]);
  const int cmd = op & FUTEX_CMD_MASK;
  const bool is_wait = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET;

  // The timeout first (only for commands that have one), as the kernel.
  const bool has_timeout_arg = is_wait || cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
                               cmd == FUTEX_WAIT_REQUEUE_PI;
  KTimespec timeout{};
  if (has_timeout_arg && timeout_addr != 0) {
    if (int r = copy_from_cage(a.cage[3], timeout_addr, timeout)) return r;
    if (timeout.sec < 0 || timeout.nsec < 0 || timeout.nsec >= kNsecPerSec) return -EINVAL;
  }
  if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET) return -ENOSYS;
  if (!is_wait && cmd != FUTEX_WAKE && cmd != FUTEX_WAKE_BITSET) return -ENOSYS;
  const uint32_t bitset = cmd == FUTEX_WAIT || cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
  if (bitset == 0) return -EINVAL;
  if (uaddr % sizeof(uint32_t) != 0) return -EINVAL;
  auto* word = reinterpret_cast<uint32_t*>(CageMemory(a.cage[0]).range(uaddr, sizeof(uint32_t)));
  if (!word) return !is_wait && (op & FUTEX_PRIVATE_FLAG) ? 0 : -EFAULT;

  if (!is_wait) {
    // The count is an int: 0 or less still wakes one, as in Linux.
    long r = host_futex(word, FUTEX_WAKE_BITSET, val, nullptr, bitset);
    return r < 0 ? -errno : r;
  }
  const clockid_t clock = op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC;
  int64_t deadline = INT64_MAX;
  if (timeout_addr != 0) {
    const int64_t t = timeout.sec > (INT64_MAX - timeout.nsec) / kNsecPerSec ? INT64_MAX
                                                                              : timeout.sec * kNsecPerSec + timeout.nsec;
    deadline = cmd == FUTEX_WAIT ? add_ns(now_ns(clock), t) : t;
  }
  return wait(c, word, val, bitset, clock, deadline);
}

}  // namespace lind::rawposix
