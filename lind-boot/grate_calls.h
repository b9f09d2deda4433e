// Grates: running a grate's handler when 3i routes a cage's call to it.
// The handler runs on the calling cage's host thread, in the grate's
// instance (a nested invocation), by function-table index -- or through
// the grate's exported `pass_fptr_to_wt` dispatcher, in either of its two
// forms -- and its result goes through the grate's `__lind_grate_result`
// (errno numbering) when the grate exports it.
//
// One lock per grate keeps two executions out of its wasm code at once:
// a handler holds it for its whole call (outgoing calls included), and the
// grate's own thread holds it while it runs wasm, letting go inside its
// syscalls (so handlers run while the grate waits for its child).
#pragma once

#include <lind/runtime.h>

#include <atomic>
#include <cstdint>
#include <memory>

namespace lind::boot {

// Installs the invoker in 3i.
void setup_grate_calls();

// The instance a cage runs now (its program's, replaced on exec), for
// running its handlers when it is a grate and for fork through a grate.
void set_cage_instance(uint64_t cage, std::shared_ptr<rt::Instance> instance);
void forget_cage_instance(uint64_t cage);
std::shared_ptr<rt::Instance> cage_instance(uint64_t cage);

// The cage this host thread runs (0: none), set as the thread takes it.
void set_thread_cage(uint64_t cage);
uint64_t thread_cage();

// Whether `cage` has had its handlers called (is a grate): read on every
// syscall, so inline and lock-free.
extern std::atomic<bool> g_cage_is_grate[];
inline bool is_grate(uint64_t cage) { return g_cage_is_grate[cage].load(std::memory_order_acquire); }

// Around a syscall that `cage`, a grate, makes on its own thread: lets go
// of its grate lock while the call runs, and takes it back (or for the
// first time) when the call returns.
class OwnSyscall {
 public:
  explicit OwnSyscall(uint64_t cage);
  ~OwnSyscall();

 private:
  uint64_t cage_;
};

// The cage's thread ends: drop any grate lock it holds.
void release_grate_lock(uint64_t cage);

}  // namespace lind::boot
