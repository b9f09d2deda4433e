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
  std::string cwd = "/";  // absolute, inside lindfs, no "." or ".." or "//"
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
