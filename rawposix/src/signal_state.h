// The signal state of one cage (a cage is a single-threaded process, so
// dispositions, mask and pending set are all per cage), and the operations
// that change it with Linux's rules. Delivery itself happens on the cage's
// own thread: lind-boot asks next_signal() at safe points (rawposix.h).
//
// Locking: posts come from other cages' threads (kill, SIGCHLD, the timer
// thread) and always hold process_mutex() first (the target cannot be
// freed meanwhile), then the target's `mu`. The cage's own thread takes
// only its `mu` for its own mask and dispositions.
#pragma once

#include <array>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <optional>

#include "lind/threei.h"

namespace lind::rawposix {

using threei::CageId;
struct Cage;

inline constexpr int kMaxSignal = 64;  // _NSIG - 1
constexpr uint64_t sig_bit(int sig) { return uint64_t{1} << (sig - 1); }
inline constexpr uint64_t kUnblockable = sig_bit(SIGKILL) | sig_bit(SIGSTOP);
// The kernel's x86-64 sigset for rt_* calls: 8 bytes.
inline constexpr uint64_t kSigsetSize = 8;

// A disposition as rt_sigaction carries it. handler: 0 SIG_DFL, 1 SIG_IGN,
// else the handler's index in the cage's function table.
struct SigAction {
  uint64_t handler = 0;
  uint64_t flags = 0;
  uint64_t mask = 0;
};
inline constexpr uint64_t kSigDfl = 0;
inline constexpr uint64_t kSigIgn = 1;

enum class DefaultAction { Terminate, Core, Ignore, Stop, Continue };
DefaultAction default_action(int sig);

struct SignalState {
  SignalState();
  ~SignalState();
  SignalState(const SignalState&) = delete;
  SignalState& operator=(const SignalState&) = delete;

  std::mutex mu;
  std::condition_variable resumed;  // a stopped cage waits on it
  std::array<SigAction, kMaxSignal + 1> actions{};
  uint64_t blocked = 0;
  uint64_t pending = 0;
  std::array<CageId, kMaxSignal + 1> sender{};  // who posted each pending signal
  // sigsuspend's caller mask, put back once the handler that ended the
  // suspension returns (Linux's "restore sigmask" on signal return).
  std::optional<uint64_t> saved_mask;
  bool stopped = false;
  // An eventfd, readable while a signal is deliverable: blocking host
  // calls wait on it beside their fd (interruptible.h).
  int wake_fd = -1;
};

// Whether `sig` is ignored as things stand (SIG_IGN, or SIG_DFL whose
// default is to ignore). Under the state's mu.
bool ignored_locked(const SignalState& s, int sig);

// Posts `sig` to `target` from cage `sender` (0: the system) with Linux's
// generation rules: ignored and unblocked signals are dropped, SIGCONT
// resumes a stopped cage and drops pending stop signals, a stop signal
// drops a pending SIGCONT. Under process_mutex().
void post_signal_locked(Cage& target, int sig, CageId sender);
// The same, looking the cage up; false if there is no such cage.
bool post_signal(CageId target, int sig, CageId sender);

// After a change of `c`'s mask, pending set or dispositions (under
// c.signals.mu): drops what is now ignored, and if a signal is deliverable
// tells the cage's thread (interrupt_pending, the wake fd, lind-boot's
// notifier, blocked wait4 calls).
void signals_changed_locked(Cage& c);

// A child of `parent` that exits is freed at once, never a zombie
// (SIGCHLD is SIG_IGN or has SA_NOCLDWAIT). Under process_mutex().
bool child_exit_reaps_itself_locked(const Cage& parent);

// fork: the child gets the dispositions and mask, nothing pending.
void copy_signal_state(const Cage& parent, Cage& child);
// exec: caught signals go back to SIG_DFL; ignored ones, the mask and the
// pending set stay.
void reset_signals_for_exec(Cage& c);

}  // namespace lind::rawposix
