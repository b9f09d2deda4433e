// RawPOSIX: per-cage process state and the POSIX syscalls, forwarded to
// Linux where that is the natural implementation and confined to the lindfs
// root. Every handler is registered in 3i's default table; nothing here is
// called except through 3i.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lind/threei.h"

namespace lind::rt {
class MemoryInst;
}

namespace lind::rawposix {

using threei::CageId;

struct StartInfo {
  std::vector<std::string> argv;
  std::vector<std::string> env;
};

// Opens the lindfs root and registers every RawPOSIX syscall as 3i's
// default handler. Throws std::runtime_error saying what failed.
void init(const std::string& lindfs_root);

// Creates the first cage (id 1): cwd "/", umask 022, fds 0-2 on the host's.
CageId create_first_cage(StartInfo info);

// The cage's linear memory, once its instance exists (pointer arguments are
// checked against it; until then they are -EFAULT).
void attach_memory(CageId cage, rt::MemoryInst* memory);

// Set once the cage has called exit or exit_group: its status (0-255).
std::optional<int> exit_status(CageId cage);

// Removes the cage whatever its state (running or zombie): closes its fds,
// drops its 3i table, frees its id; its children are reparented as on exit.
// For tearing down (tests, lind-boot's end); a cage's normal end is
// cage_exited, then its parent's wait4.
void destroy_cage(CageId cage);

// ---- processes ----

// Starts the execution of a forked child: lind-boot captures the calling
// cage's execution (the fork syscall is in progress on this thread) and
// resumes it as `child` on a new host thread, where fork returns 0.
// Returns 0, or -errno if the child cannot run (RawPOSIX then undoes the
// child). Set once by lind-boot before any cage runs.
using ForkRunner = int64_t (*)(CageId parent, CageId child);
void set_fork_runner(ForkRunner runner);

// The cage's execution has ended (exit/exit_group, a trap, a fatal
// signal), with `wait_status` as Linux encodes it for wait4 (exit code
// << 8, or the signal number | 0x80 for a core dump). The cage becomes a
// zombie until its parent reaps it; its children are reparented to cage 1.
// Called by lind-boot on the cage's own thread as the thread ends; the
// thread must not use the cage id afterwards (once reaped, the id may
// already belong to a new cage). Cage 1 (no parent) stays a zombie until
// destroy_cage; any other cage without a parent (an orphan after cage 1
// exited) is freed at once.
void cage_exited(CageId cage, int wait_status);

// Runs a new program in `cage` (execve): `host_fd` is the program file,
// opened read-only inside lindfs and checked to be a regular executable
// file; argv and env are the new program's. lind-boot loads and
// instantiates it; if that fails, the caller is untouched and the result is
// -ENOEXEC (or -ENOMEM); on success the calling execution ends as soon as
// the syscall returns and the new program starts in the same cage; the
// result is 0. Set once by lind-boot.
using ExecRunner = int64_t (*)(CageId cage, int host_fd, const std::vector<std::string>& argv,
                               const std::vector<std::string>& env);
void set_exec_runner(ExecRunner runner);

// prepare_exec(cage), and the new program's argv/env.
void prepare_exec(CageId cage, StartInfo start);

// At most this many cages exist at once (including zombies); fork beyond it
// is EAGAIN. Default 256; clamped to [1, 4095] (3i's cage ids).
void set_max_cages(size_t n);

// Keeps cage `cage` (its process state, and its id) from being freed
// while code of it runs elsewhere: lind-boot pins a grate for each call of
// one of its handlers, which run on other cages' threads and may outlive
// the grate's own thread. A pinned zombie is reaped (or, an orphan, freed)
// once unpinned. false if there is no such cage.
bool pin_cage(CageId cage);
void unpin_cage(CageId cage);
// The same without RawPOSIX's lock on the hot path: lind-boot answers
// "is code of this cage running elsewhere?" from its own (never freed)
// per-cage state, and calls cage_unpinned when the answer turns false for
// a cage whose own thread has ended. Set once.
using PinQuery = bool (*)(CageId cage);
void set_pin_query(PinQuery query);
void cage_unpinned(CageId cage);

// ---- authority (DESIGN.md "Authority") ----

// Whether `actor` may act on cage `over`: itself, one of its descendants,
// or a cage whose call this thread is serving (threei::ServingScope).
bool has_authority(CageId actor, CageId over);

// ---- signals ----

// A syscall interrupted by a deliverable signal returns this (Linux's
// ERESTARTSYS, never seen by cages): lind-boot runs the signal's action,
// then calls the syscall again if every handler that ran had SA_RESTART
// (or none ran), and otherwise gives the cage -EINTR. Calls that are never
// restarted (pause, sigsuspend, nanosleep) return -EINTR themselves.
inline constexpr int64_t kRestartSyscall = -512;

// What a cage's thread must do for its next deliverable signal.
struct SignalDelivery {
  enum class Kind {
    None,       // nothing is deliverable (now)
    Handler,    // call the handler; then signal_handler_returned(restore_mask)
    Terminate,  // the default action ends the cage: wait status `sig`
  } kind = Kind::None;
  int sig = 0;
  uint32_t handler = 0;  // the handler's function-table index
  uint64_t flags = 0;    // its sa_flags (SA_SIGINFO, SA_RESTART, ...)
  CageId sender = 0;     // the cage that sent it (0: the system)
  uint64_t restore_mask = 0;
};

// Takes the cage's next deliverable signal and applies the bookkeeping of
// its delivery (the handler's mask, SA_RESETHAND; ignored signals are
// dropped and the next one taken). A stop signal stops the cage here: the
// call blocks until SIGCONT or SIGKILL. Call on the cage's own thread.
SignalDelivery next_signal(CageId cage);
// A handler returned normally: the mask it interrupted is back.
void signal_handler_returned(CageId cage, uint64_t restore_mask);

// Called (from any thread, possibly with RawPOSIX locks held: it must only
// poke the cage's thread) whenever a signal becomes deliverable to `cage`.
// lind-boot interrupts the cage's execution at its next safe point. Set
// once before any cage runs.
using SignalNotifier = void (*)(CageId cage);
void set_signal_notifier(SignalNotifier notifier);

// exec's RawPOSIX half, once the new program is certain to run: closes the
// cage's close-on-exec fds and forgets the old image's brk/mmap state (the
// new memory starts fresh), and resets caught signals to SIG_DFL. Pid,
// parent, process group, session, cwd, umask, the other fds, ignored
// signals, the signal mask, pending signals and the alarm timer stay. Call
// on the cage's own thread.
void prepare_exec(CageId cage);

}  // namespace lind::rawposix
