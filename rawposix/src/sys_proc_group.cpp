// Process groups and sessions: getpgid, setpgid, getsid, setsid, with
// Linux's rules (kernel/sys.c). A cage leads its session iff sid == its id
// (only setsid, or being cage 1, makes that so: ids still named by a group
// or session are never handed out again).
#include <mutex>

#include "path.h"
#include "process_table.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

// The cage a pid argument names (0: the caller), zombies included, as
// Linux finds them until they are reaped; nullptr if none. Under the mutex.
Cage* named_cage_locked(CageId caller, int pid) {
  if (pid < 0) return nullptr;
  return find_cage(pid == 0 ? caller : static_cast<CageId>(pid));
}

}  // namespace

LIND_SYSCALL(getpgid) {
  std::lock_guard lock(process_mutex());
  Cage* c = named_cage_locked(target, int_arg(a.a[0]));
  return c ? static_cast<int64_t>(c->pgid) : -ESRCH;
}

LIND_SYSCALL(getsid) {
  std::lock_guard lock(process_mutex());
  Cage* c = named_cage_locked(target, int_arg(a.a[0]));
  return c ? static_cast<int64_t>(c->sid) : -ESRCH;
}

LIND_SYSCALL(setpgid) {
  int pid = int_arg(a.a[0]);
  int pgid = int_arg(a.a[1]);
  std::lock_guard lock(process_mutex());
  Cage* caller = find_cage(target);
  if (!caller) return -ESRCH;
  if (pid == 0) pid = static_cast<int>(target);
  if (pgid == 0) pgid = pid;
  if (pgid < 0) return -EINVAL;
  Cage* p = named_cage_locked(target, pid);
  if (!p) return -ESRCH;
  if (p->parent.load(std::memory_order_relaxed) == target) {
    // A child: only while in the caller's session and before it execs.
    if (p->sid != caller->sid) return -EPERM;
    if (p->execed) return -EACCES;
  } else if (p != caller) {
    return -ESRCH;
  }
  if (p->sid == p->id) return -EPERM;  // a session leader keeps its group
  auto new_pgid = static_cast<CageId>(pgid);
  // Joining another group: it must exist in the caller's session.
  if (new_pgid != p->id && !process_group_exists_locked(new_pgid, caller->sid)) return -EPERM;
  p->pgid = new_pgid;
  return 0;
}

LIND_SYSCALL(setsid) {
  std::lock_guard lock(process_mutex());
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  // EPERM for a process group leader: some cage (the caller itself, or a
  // member left behind) is in the group the new session would need.
  if (c->sid == c->id) return -EPERM;
  for (CageId id : cage_ids_locked())
    if (find_cage(id)->pgid == target) return -EPERM;
  c->sid = target;
  c->pgid = target;
  return static_cast<int64_t>(target);
}

}  // namespace lind::rawposix
