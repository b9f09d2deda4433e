// Generation and bookkeeping of cage signals (signal_state.h), and the
// delivery entry points lind-boot calls on a cage's thread (rawposix.h).
#include "signal_state.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <bit>

#include "process_table.h"

namespace lind::rawposix {
namespace {

std::atomic<SignalNotifier> g_notifier{nullptr};

constexpr uint64_t kStopSignals = sig_bit(SIGSTOP) | sig_bit(SIGTSTP) | sig_bit(SIGTTIN) | sig_bit(SIGTTOU);
constexpr uint64_t kSaNoCldStop = 1;  // SA_NOCLDSTOP
constexpr uint64_t kSaNoCldWait = 2;  // SA_NOCLDWAIT
constexpr uint64_t kSaNoDefer = 0x40000000;
constexpr uint64_t kSaResetHand = 0x80000000;

int lowest_signal(uint64_t set) { return std::countr_zero(set) + 1; }

void drain(int fd) {
  uint64_t v;
  [[maybe_unused]] ssize_t n = ::read(fd, &v, sizeof v);
}

// The parent of `c` learns that it stopped or continued (SIGCHLD, unless
// the parent asked for SA_NOCLDSTOP). Under process_mutex(), without c's mu.
void tell_parent_locked(Cage& c) {
  Cage* parent = find_cage(c.parent.load(std::memory_order_relaxed));
  if (!parent) return;
  bool quiet;
  {
    std::lock_guard lock(parent->signals.mu);
    quiet = parent->signals.actions[SIGCHLD].flags & kSaNoCldStop;
  }
  if (!quiet) post_signal_locked(*parent, SIGCHLD, c.id);
  process_changed().notify_all();
}

// The cage's thread stops here until SIGCONT or SIGKILL. Called with s.mu
// held through `lock`; returns with it held.
void stop(Cage& c, int sig, std::unique_lock<std::mutex>& lock) {
  SignalState& s = c.signals;
  s.stopped = true;
  lock.unlock();
  {
    std::lock_guard plock(process_mutex());
    bool still;
    {
      std::lock_guard slock(s.mu);
      still = s.stopped;
    }
    if (still) {
      c.stop_report = (sig << 8) | 0x7f;
      c.continued_report = false;
      tell_parent_locked(c);
    }
  }
  lock.lock();
  s.resumed.wait(lock, [&] { return !s.stopped || (s.pending & sig_bit(SIGKILL)); });
  s.stopped = false;
}

}  // namespace

SignalState::SignalState() : wake_fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

SignalState::~SignalState() {
  if (wake_fd >= 0) ::close(wake_fd);
}

DefaultAction default_action(int sig) {
  switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH: return DefaultAction::Ignore;
    case SIGCONT: return DefaultAction::Continue;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU: return DefaultAction::Stop;
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGSYS: return DefaultAction::Core;
    default: return DefaultAction::Terminate;  // incl. the real-time signals
  }
}

bool ignored_locked(const SignalState& s, int sig) {
  const SigAction& a = s.actions[sig];
  if (a.handler == kSigIgn) return true;
  if (a.handler != kSigDfl) return false;
  DefaultAction d = default_action(sig);
  return d == DefaultAction::Ignore || d == DefaultAction::Continue;
}

void set_signal_notifier(SignalNotifier notifier) { g_notifier.store(notifier, std::memory_order_release); }

void signals_changed_locked(Cage& c) {
  SignalState& s = c.signals;
  // A pending signal that is unblocked and ignored is simply gone.
  for (uint64_t set = s.pending & ~s.blocked; set;) {
    int sig = lowest_signal(set);
    set &= set - 1;
    if (ignored_locked(s, sig) && sig != SIGCONT) s.pending &= ~sig_bit(sig);
  }
  if (s.pending & sig_bit(SIGCONT) & ~s.blocked && ignored_locked(s, SIGCONT)) s.pending &= ~sig_bit(SIGCONT);
  bool ready = (s.pending & ~s.blocked) != 0;
  const bool was = c.interrupt_pending.exchange(ready, std::memory_order_acq_rel);
  if (!ready) {
    // The wake fd is written only while something is deliverable: no
    // syscall on the common path (a sigprocmask with nothing pending).
    if (was) drain(s.wake_fd);
    return;
  }
  // The interrupt first: a blocked call woken by the wake fd returns at
  // once, and its return must find the interrupt already requested.
  if (SignalNotifier notify = g_notifier.load(std::memory_order_acquire)) notify(c.id);
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(s.wake_fd, &one, sizeof one);
  // A blocked wait4 checks interrupt_pending under process_mutex(); posts
  // from other cages hold it, and the cage's own thread is not in wait4.
  process_changed().notify_all();
}

void post_signal_locked(Cage& c, int sig, CageId sender) {
  if (c.zombie) return;
  SignalState& s = c.signals;
  bool continued = false;
  {
    std::lock_guard lock(s.mu);
    const uint64_t bit = sig_bit(sig);
    if (sig == SIGCONT) {
      s.pending &= ~kStopSignals;
      if (s.stopped) {
        s.stopped = false;
        s.resumed.notify_all();
        continued = true;
      }
    } else if (bit & kStopSignals) {
      s.pending &= ~sig_bit(SIGCONT);
    }
    if (sig == SIGKILL) s.resumed.notify_all();
    const bool dropped = !(s.blocked & bit) && ignored_locked(s, sig);
    if (!dropped) {
      if (!(s.pending & bit)) s.sender[sig] = sender;  // standard signals do not queue
      s.pending |= bit;
      signals_changed_locked(c);
    }
  }
  if (continued) {
    c.stop_report = 0;
    c.continued_report = true;
    tell_parent_locked(c);
  }
}

bool post_signal(CageId target, int sig, CageId sender) {
  std::lock_guard lock(process_mutex());
  Cage* c = find_cage(target);
  if (!c) return false;
  post_signal_locked(*c, sig, sender);
  return true;
}

void copy_signal_state(const Cage& parent, Cage& child) {
  auto& ps = const_cast<SignalState&>(parent.signals);
  std::lock_guard lock(ps.mu);
  child.signals.actions = ps.actions;
  // sigsuspend cannot be in progress: the parent is in fork.
  child.signals.blocked = ps.blocked;
}

void reset_signals_for_exec(Cage& c) {
  std::lock_guard lock(c.signals.mu);
  for (SigAction& a : c.signals.actions)
    if (a.handler != kSigIgn) a = SigAction{};
  c.signals.saved_mask.reset();
  signals_changed_locked(c);
}

SignalDelivery next_signal(CageId id) {
  Cage* c = find_cage(id);
  if (!c) return {};
  SignalState& s = c->signals;
  std::unique_lock lock(s.mu);
  for (;;) {
    uint64_t ready = s.pending & ~s.blocked;
    if (!ready) {
      if (s.saved_mask) {  // a sigsuspend that no handler ended
        s.blocked = *s.saved_mask;
        s.saved_mask.reset();
        continue;
      }
      signals_changed_locked(*c);
      return {};
    }
    const int sig = lowest_signal(ready);
    s.pending &= ~sig_bit(sig);
    const SigAction act = s.actions[sig];
    if (act.handler == kSigIgn) continue;
    if (act.handler == kSigDfl || sig == SIGKILL || sig == SIGSTOP) {
      switch (default_action(sig)) {
        case DefaultAction::Ignore:
        case DefaultAction::Continue: continue;
        case DefaultAction::Stop: stop(*c, sig, lock); continue;
        case DefaultAction::Terminate:
        case DefaultAction::Core:
          s.pending = 0;
          signals_changed_locked(*c);
          return SignalDelivery{SignalDelivery::Kind::Terminate, sig, 0, 0, 0, 0};
      }
    }
    SignalDelivery d{SignalDelivery::Kind::Handler, sig, static_cast<uint32_t>(act.handler), act.flags,
                     s.sender[sig], s.saved_mask.value_or(s.blocked)};
    s.saved_mask.reset();
    s.blocked |= act.mask | ((act.flags & kSaNoDefer) ? 0 : sig_bit(sig));
    s.blocked &= ~kUnblockable;
    if (act.flags & kSaResetHand) s.actions[sig] = SigAction{};
    signals_changed_locked(*c);
    return d;
  }
}

void signal_handler_returned(CageId id, uint64_t restore_mask) {
  Cage* c = find_cage(id);
  if (!c) return;
  std::lock_guard lock(c->signals.mu);
  c->signals.blocked = restore_mask & ~kUnblockable;
  signals_changed_locked(*c);
}

bool child_exit_reaps_itself_locked(const Cage& parent) {
  auto& s = const_cast<SignalState&>(parent.signals);
  std::lock_guard lock(s.mu);
  const SigAction& a = s.actions[SIGCHLD];
  return a.handler == kSigIgn || (a.flags & kSaNoCldWait);
}

}  // namespace lind::rawposix
