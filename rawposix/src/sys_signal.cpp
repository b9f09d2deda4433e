// Signals: rt_sigaction (13), rt_sigprocmask (14), rt_sigpending (127),
// rt_sigsuspend (130), pause (34), kill (62), tkill (200), tgkill (234).
// The state and its rules are in signal_state.h; delivery happens on the
// cage's thread (lind-boot, through next_signal).
#include <cstring>
#include <mutex>

#include "cage_copy.h"
#include "interruptible.h"
#include "process_table.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

// The x86-64 kernel's struct sigaction (rt_sigaction).
struct KSigaction {
  uint64_t handler;
  uint64_t flags;
  uint64_t restorer;
  uint64_t mask;
};

bool valid_signal(int64_t sig) { return sig >= 1 && sig <= kMaxSignal; }

constexpr int kSigBlock = 0, kSigUnblock = 1, kSigSetmask = 2;

// Suspends the caller until a signal is deliverable; -EINTR.
int64_t suspend(Cage& c) {
  while (wait_fd_or_signal(c, -1, 0, nullptr) != WaitResult::Signal) {
  }
  return -EINTR;
}

}  // namespace

LIND_SYSCALL(rt_sigaction) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  const int64_t sig = static_cast<int32_t>(a.a[0]);
  if (a.a[3] != kSigsetSize || !valid_signal(sig)) return -EINVAL;
  KSigaction act{};
  if (a.a[1] != 0) {
    if (sig == SIGKILL || sig == SIGSTOP) return -EINVAL;
    if (int r = copy_from_cage(a.cage[1], a.a[1], act)) return r;
  }
  SignalState& s = c->signals;
  KSigaction old{};
  {
    std::lock_guard lock(s.mu);
    const SigAction& cur = s.actions[sig];
    old = KSigaction{cur.handler, cur.flags, 0, cur.mask};
    if (a.a[1] != 0) {
      s.actions[sig] = SigAction{act.handler, act.flags, act.mask & ~kUnblockable};
      // POSIX: setting a pending signal to be ignored discards it.
      if (ignored_locked(s, static_cast<int>(sig))) s.pending &= ~sig_bit(static_cast<int>(sig));
      signals_changed_locked(*c);
    }
  }
  if (a.a[2] != 0) return copy_to_cage(a.cage[2], a.a[2], old);
  return 0;
}

LIND_SYSCALL(rt_sigprocmask) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  const auto how = static_cast<int32_t>(a.a[0]);
  if (a.a[3] != kSigsetSize) return -EINVAL;
  uint64_t set = 0;
  if (a.a[1] != 0) {
    if (int r = copy_from_cage(a.cage[1], a.a[1], set)) return r;
    if (how != kSigBlock && how != kSigUnblock && how != kSigSetmask) return -EINVAL;
  }
  SignalState& s = c->signals;
  uint64_t old;
  {
    std::lock_guard lock(s.mu);
    old = s.blocked;
    if (a.a[1] != 0) {
      if (how == kSigBlock) s.blocked |= set;
      else if (how == kSigUnblock) s.blocked &= ~set;
      else s.blocked = set;
      s.blocked &= ~kUnblockable;
      signals_changed_locked(*c);
    }
  }
  if (a.a[2] != 0) return copy_to_cage(a.cage[2], a.a[2], old);
  return 0;
}

// The pending signals that are blocked (an unblocked one is delivered).
LIND_SYSCALL(rt_sigpending) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  if (a.a[1] > kSigsetSize) return -EINVAL;  // Linux accepts sizes up to its own
  uint64_t set;
  {
    std::lock_guard lock(c->signals.mu);
    set = c->signals.pending & c->signals.blocked;
  }
  if (a.a[0] == 0) return -EFAULT;
  uint8_t* p = CageMemory(a.cage[0]).range(a.a[0], a.a[1]);
  if (!p && a.a[1]) return -EFAULT;
  std::memcpy(p, &set, a.a[1]);
  return 0;
}

// The caller's mask is replaced until a handler has run; the handler's
// return puts it back (next_signal hands it over as the restore mask).
LIND_SYSCALL(rt_sigsuspend) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  if (a.a[1] != kSigsetSize) return -EINVAL;
  uint64_t mask;
  if (int r = copy_from_cage(a.cage[0], a.a[0], mask)) return r;
  {
    std::lock_guard lock(c->signals.mu);
    // (Already set only if the last suspension's signal is still to be
    // delivered: the program's own mask is that one.)
    if (!c->signals.saved_mask) c->signals.saved_mask = c->signals.blocked;
    c->signals.blocked = mask & ~kUnblockable;
    signals_changed_locked(*c);
  }
  return suspend(*c);
}

LIND_SYSCALL(pause) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  return suspend(*c);
}

// pid > 0: that cage; 0: the caller's process group; -1: every cage but
// cage 1 and the caller; < -1: process group -pid. Signal 0 only checks.
// Zombies exist (kill succeeds) but nothing happens to them.
LIND_SYSCALL(kill) {
  const auto pid = static_cast<int32_t>(a.a[0]);
  const auto sig = static_cast<int32_t>(a.a[1]);
  if (sig < 0 || sig > kMaxSignal) return -EINVAL;
  std::lock_guard lock(process_mutex());
  Cage* sender = find_cage(target);
  if (!sender) return -ESRCH;
  auto send = [&](Cage& to) {
    if (sig != 0) post_signal_locked(to, sig, target);
  };
  if (pid > 0) {
    Cage* to = find_cage(static_cast<CageId>(pid));
    if (!to) return -ESRCH;
    send(*to);
    return 0;
  }
  if (pid == INT32_MIN) return -ESRCH;
  const CageId group = pid == 0 ? sender->pgid : static_cast<CageId>(-static_cast<int64_t>(pid));
  int found = 0;
  for (CageId id : cage_ids_locked()) {
    Cage* to = find_cage(id);
    if (pid == -1 ? (id == 1 || id == target) : to->pgid != group) continue;
    ++found;
    send(*to);
  }
  return found ? 0 : -ESRCH;
}

// Cages have one thread, whose id is the cage id.
LIND_SYSCALL(tkill) {
  if (static_cast<int32_t>(a.a[0]) <= 0) return -EINVAL;
  return sys_kill(self, target, a);
}

LIND_SYSCALL(tgkill) {
  const auto tgid = static_cast<int32_t>(a.a[0]);
  const auto tid = static_cast<int32_t>(a.a[1]);
  if (tgid <= 0 || tid <= 0) return -EINVAL;
  if (tgid != tid) return -ESRCH;
  Args k = a;
  k.a[0] = a.a[1];
  k.a[1] = a.a[2];
  return sys_kill(self, target, k);
}

}  // namespace lind::rawposix
