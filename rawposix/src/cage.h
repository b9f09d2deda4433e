// Per-cage process state.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "fd_table.h"
#include "vm_state.h"
#include "lind/rawposix.h"

namespace lind::rawposix {

struct Cage {
  CageId id = 0;
  CageId parent = 0;
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

// The cage with this id, or nullptr.
Cage* find_cage(CageId id);
// Creates a cage with this id; nullptr if the id is taken or out of range.
Cage* add_cage(CageId id);
void remove_cage(CageId id);

}  // namespace lind::rawposix
