// Delivering signals to cages. RawPOSIX keeps each cage's signal state
// and says what to do next (rawposix.h, next_signal); this file does it on
// the cage's own host thread: at the next safe point of its execution (an
// interrupt, requested through RawPOSIX's notifier), or inside a syscall
// that a signal interrupted. A handler runs as a nested call into the
// cage's program, through the export `__lind_signal_handler` that
// glibc-shim's signal.c provides.
#pragma once

#include <lind/runtime.h>

#include <cstdint>

namespace lind::boot {

// Installs RawPOSIX's notifier (the host's SIGPIPE is already ignored by
// rawposix::init: a cage's write to a broken pipe gets EPIPE and SIGPIPE
// as a cage signal, and lind-boot lives on).
void setup_signal_delivery();

// This host thread runs `cage` from now until end_cage_thread(): signals
// posted to the cage interrupt it.
void begin_cage_thread(uint64_t cage);
void end_cage_thread(uint64_t cage);

enum class Delivered {
  Restart,      // nothing interrupting ran: an interrupted syscall restarts
  Interrupted,  // a handler without SA_RESTART ran: the syscall fails with EINTR
  Ended,        // the execution is ending (killed, exit in a handler, a trap)
                // or a longjmp leaves the handler: return at once
};
// Runs the action of every signal deliverable to the calling cage now.
Delivered deliver_signals(rt::HostContext& ctx);

// Whether a safe point in another cage's code (a grate's handler running
// on this thread) put off this cage's signals since the last call; clears
// the mark. The cage's own lind.syscall then delivers them.
bool take_deferred_signals();

// Whether this thread is inside a signal handler's call (fork cannot
// capture an execution split by a handler's nested call: ENOSYS there).
bool running_signal_handler();

// After the cage's execution ended on this thread: its wait status if a
// signal killed it (0 otherwise), and the trap a handler ended it with.
int killed_by_signal();
const rt::Trap* handler_trap();

}  // namespace lind::boot
