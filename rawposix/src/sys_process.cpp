// Process state that RawPOSIX emulates: ids (pid = cage id), exit, and the
// program's start-up arguments and environment. fork/clone:
// sys_proc_fork.cpp; wait4: sys_proc_wait.cpp; process groups and
// sessions: sys_proc_group.cpp; the process table: process_table.h.
#include <cstring>

#include "cage_memory.h"
#include "syscalls.h"

namespace lind::rawposix {

// exit and exit_group record the status; the caller's runtime glue sees it
// and stops the cage, and calls cage_exited as its thread ends (the cage
// then becomes a zombie: process_table.cpp). (One thread per cage until
// threads exist, so exit and exit_group are the same.)
LIND_SYSCALL(exit) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  int expected = -1;
  c->exit_status.compare_exchange_strong(expected, static_cast<int>(a.a[0] & 0xff));
  return 0;
}

LIND_SYSCALL(exit_group) { return sys_exit(self, target, a); }

LIND_SYSCALL(getpid) { return find_cage(target) ? static_cast<int64_t>(target) : -ESRCH; }

// The parent as it is now: 1 after a reparenting, 0 for cage 1 and for
// orphans once cage 1 has exited (process_table.h).
LIND_SYSCALL(getppid) {
  Cage* c = find_cage(target);
  return c ? static_cast<int64_t>(c->parent.load(std::memory_order_acquire)) : -ESRCH;
}

namespace {

// Sizes of a string list as WASI defines them: count, and bytes with NULs.
int64_t list_sizes(const std::vector<std::string>& list, const Args& a) {
  auto* count = CageMemory(a.cage[0]).object<uint32_t>(a.a[0]);
  auto* bytes = CageMemory(a.cage[1]).object<uint32_t>(a.a[1]);
  if (!count || !bytes) return -EFAULT;
  uint64_t total = 0;
  for (const auto& s : list) total += s.size() + 1;
  *count = static_cast<uint32_t>(list.size());
  *bytes = static_cast<uint32_t>(total);
  return 0;
}

// Writes the strings into buf and their offsets into ptrs.
int64_t list_get(const std::vector<std::string>& list, const Args& a) {
  uint64_t total = 0;
  for (const auto& s : list) total += s.size() + 1;
  CageMemory ptr_mem(a.cage[0]);
  CageMemory buf_mem(a.cage[1]);
  auto* ptrs = reinterpret_cast<uint32_t*>(ptr_mem.range(a.a[0], list.size() * 4));
  uint8_t* buf = buf_mem.range(a.a[1], total);
  if (!ptrs || !buf) return -EFAULT;
  uint64_t at = a.a[1];
  for (size_t i = 0; i < list.size(); ++i) {
    ptrs[i] = static_cast<uint32_t>(at);
    std::memcpy(buf, list[i].c_str(), list[i].size() + 1);
    buf += list[i].size() + 1;
    at += list[i].size() + 1;
  }
  return 0;
}

}  // namespace

LIND_SYSCALL(args_sizes) {
  Cage* c = find_cage(target);
  return c ? list_sizes(c->start.argv, a) : -ESRCH;
}
LIND_SYSCALL(args_get) {
  Cage* c = find_cage(target);
  return c ? list_get(c->start.argv, a) : -ESRCH;
}
LIND_SYSCALL(environ_sizes) {
  Cage* c = find_cage(target);
  return c ? list_sizes(c->start.env, a) : -ESRCH;
}
LIND_SYSCALL(environ_get) {
  Cage* c = find_cage(target);
  return c ? list_get(c->start.env, a) : -ESRCH;
}

}  // namespace lind::rawposix
