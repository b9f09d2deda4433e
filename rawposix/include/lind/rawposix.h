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

// Frees the cage's state: closes its fds, drops its 3i table.
void destroy_cage(CageId cage);

}  // namespace lind::rawposix
