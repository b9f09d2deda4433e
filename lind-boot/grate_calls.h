// Grates: running a grate's handler when 3i routes a cage's call to it.
// The handler runs on the calling cage's host thread, in the grate's
// instance (a nested invocation), by function-table index -- or through
// the grate's exported `pass_fptr_to_wt` dispatcher, in either of its two
// forms -- and its result goes through the grate's `__lind_grate_result`
// (errno numbering) when the grate exports it.
//
// One lock per grate keeps two executions out of its wasm code at once:
// a handler call and the grate's own thread hold it while they run wasm,
// and let go of it inside every call they make (GrateCallWindow).
#pragma once

#include <lind/runtime.h>

#include "cage_thread_state.h"

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
inline uint64_t thread_cage() { return t_cage_thread.cage; }

// Whether `cage` has had its handlers called (is a grate): read on every
// syscall, so inline and lock-free.
extern std::atomic<bool> g_cage_is_grate[];
inline bool is_grate(uint64_t cage) { return g_cage_is_grate[cage].load(std::memory_order_acquire); }

// Around a call that grate `cage` makes (from its own program, or from a
// handler: make_threei_call): lets go of its lock while the call runs, so
// other cages' calls into the grate run meanwhile (a handler blocked in a
// forwarded read never holds up the rest), and takes it back -- or for the
// first time, for the grate's own thread -- with the grate's C stack
// pointer as it was (every handler call runs on a C stack region of its
// own, so interleaved calls never share frames).
class GrateCallWindow {
 public:
  explicit GrateCallWindow(uint64_t cage);
  ~GrateCallWindow();
  GrateCallWindow(const GrateCallWindow&) = delete;
  GrateCallWindow& operator=(const GrateCallWindow&) = delete;

 private:
  uint64_t cage_;
  uint32_t sp_ = 0;
};

// The cage's thread ends: drop any grate lock it holds.
void release_grate_lock(uint64_t cage);

}  // namespace lind::boot
