// What lind-boot knows about the cage a host thread runs, in one
// thread-local read on every syscall (cage_host.cpp): the slow paths it
// guards run only when a flag is set.
#pragma once

#include <cstdint>

namespace lind::boot {

struct CageThreadState {
  uint64_t cage = 0;              // the cage this thread runs (0: none)
  bool deferred_signals = false;  // cage_signals.cpp: put off during a grate's code
  bool children_waiting = false;  // cage_threads.cpp: forked children at their start gate
};

inline thread_local CageThreadState t_cage_thread;

}  // namespace lind::boot
