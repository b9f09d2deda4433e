// Per-cage process state.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fd_table.h"
#include "signal_state.h"
#include "vm_state.h"
#include "lind/rawposix.h"

namespace lind::rawposix {

struct Cage {
  CageId id = 0;
  // ---- The process table (process_table.h) ----
  // Written only under process_mutex(); `parent` is also read without it
  // (getppid), hence atomic. Everything else here is read under the mutex.
  std::atomic<CageId> parent{0};  // 0: none (cage 1, or an orphan after cage 1 exited)
  std::vector<CageId> children;   // in the order they became children (oldest first)
  CageId pgid = 0;                // process group
  CageId sid = 0;                 // session; the cage is the session leader if sid == id
  int exit_signal = SIGCHLD;      // clone's CSIGNAL: decides __WCLONE eligibility
  bool zombie = false;            // its execution ended; waits for its parent to reap it
  int wait_status = 0;            // set with zombie: the Linux wait status word
  bool execed = false;            // has exec'd since fork (setpgid on it: EACCES)
  // For the parent's wait4: WUNTRACED reports a stop (the status word, 0:
  // nothing to report), WCONTINUED a continue.
  int stop_report = 0;
  bool continued_report = false;
  // Executions of this cage's code still running on other cages' threads
  // (a grate's handlers, lind-boot's pin_cage): a zombie is not freed, and
  // its id not reused, until they are done.
  int pins = 0;

  // ---- Signals (signal_state.h; their own lock) ----
  SignalState signals;
  // A signal is deliverable: blocking calls return (-EINTR, or restart
  // once the handler ran). Kept by signals_changed_locked().
  std::atomic<bool> interrupt_pending{false};

  // ---- State only the cage's own thread touches ----
  // The working directory, kept as Linux keeps it: a reference to the
  // directory itself, not a name. An O_PATH host fd of the directory (owned
  // by the OpenFile; never changed once made, so fork may share it, and
  // chdir replaces it), whose dir_path is the lindfs path it had when it
  // became the cwd (a fallback only: the current path is read back from the
  // kernel, path.h). nullptr: the lindfs root, the cwd of a new cage.
  std::shared_ptr<const OpenFile> cwd;
  mode_t umask = 022;
  FdTable fds;
  StartInfo start;
  rt::MemoryInst* memory = nullptr;
  VmState vm;  // brk and mmap inside `memory` (sys_memory.cpp)
  std::atomic<int> exit_status{-1};  // -1: running
};

// The lindfs root (O_PATH directory fd), opened by init().
int lindfs_root_fd();

// The cage with this id, or nullptr. Lock-free: a cage may use its own
// Cage freely (it is deleted only once reaped, after its execution ended);
// any other cage's only under process_mutex().
Cage* find_cage(CageId id);
// Creates a cage with this id; nullptr if the id is taken or out of range.
Cage* add_cage(CageId id);
void remove_cage(CageId id);

}  // namespace lind::rawposix
