// fork (57) and clone (56) without CLONE_VM: a new cage with a copy of the
// caller's process state, whose execution lind-boot starts (the fork
// runner) as a copy of the caller's.
//
// The child gets: the fd table (each fd shares the parent's open file
// description, as on Linux, with its close-on-exec flag), the cwd (the
// same directory reference), umask, brk/mmap bookkeeping (its memory is a
// copy), argv/env, process group and session, signal dispositions and mask
// (nothing pending, no timer), and a copy of the parent's 3i handler table. It is the parent's newest child, running, with the
// lowest free id >= 2 (process_table.h).
#include <atomic>

#include "process_table.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

std::atomic<ForkRunner> g_fork_runner{nullptr};

// clone flags (linux/sched.h).
constexpr uint64_t kCsignal = 0xff;
constexpr uint64_t kCloneVm = 0x100;
// Without CLONE_VM these make no difference here: tracing (CLONE_PTRACE,
// CLONE_UNTRACED), ignored by Linux (CLONE_DETACHED), I/O context
// (CLONE_IO), SysV semaphore undo lists (there are none), and CLONE_VFORK
// (the parent is not suspended until the child execs or exits: a vfork
// child that does anything but exec or _exit may interleave with it, which
// POSIX allows for vfork implemented as fork).
constexpr uint64_t kCloneHarmless = 0x2000 /*PTRACE*/ | 0x800000 /*UNTRACED*/ |
                                    0x400000 /*DETACHED*/ | 0x80000000 /*IO*/ |
                                    0x40000 /*SYSVSEM*/ | 0x4000 /*VFORK*/;

// Undoes a child that never ran: off its parent, out of the table.
void undo_child(CageId child) {
  threei::registry().remove(child);
  std::lock_guard lock(process_mutex());
  // Off its parent's children and out of the table. Its fds only share the
  // parent's descriptions, so deleting it here closes nothing.
  if (Cage* ch = find_cage(child)) reap_locked(*ch);
}

}  // namespace

void set_fork_runner(ForkRunner runner) { g_fork_runner.store(runner, std::memory_order_release); }

int64_t fork_cage(CageId parent_id, int exit_signal) {
  Cage* p = find_cage(parent_id);
  if (!p) return -ESRCH;
  ForkRunner runner = g_fork_runner.load(std::memory_order_acquire);
  if (!runner) return -ENOSYS;  // nothing can run a child (no lind-boot)

  Cage* child = nullptr;
  CageId id = 0;
  {
    std::lock_guard lock(process_mutex());
    if (cage_ids_locked().size() >= max_cages()) return -EAGAIN;
    id = lowest_free_id_locked();
    if (id == 0) return -EAGAIN;
    child = add_cage_locked(id);
    if (!child) return -EAGAIN;
    child->parent.store(parent_id, std::memory_order_relaxed);
    child->pgid = p->pgid;
    child->sid = p->sid;
    child->exit_signal = exit_signal;
    p->children.push_back(id);
  }
  // The parent's own state: only this thread (the parent's) touches it, and
  // nobody uses the child until the runner starts it.
  child->fds = p->fds;  // shares every OpenFile; copies the cloexec flags
  child->cwd = p->cwd;
  child->umask = p->umask;
  child->start = p->start;
  child->vm.copy_from(p->vm);
  copy_signal_state(*p, *child);
  if (!threei::registry().copy(parent_id, id)) {
    undo_child(id);
    return -EAGAIN;
  }
  // Synchronously, on the parent's thread: the runner captures the
  // parent's execution from the syscall in progress here.
  int64_t r = runner(parent_id, id);
  if (r < 0) {
    undo_child(id);
    return r;
  }
  return static_cast<int64_t>(id);
}

LIND_SYSCALL(fork) { return fork_cage(target, SIGCHLD); }

// clone(flags, newsp, parent_tid, child_tid, tls). Threads (CLONE_VM) are
// not cages' yet; flags asking for sharing or for writes into memory this
// cannot honour are ENOSYS too. The kernel's own argument checks come first.
LIND_SYSCALL(clone) {
  uint64_t flags = a.a[0] & 0xffffffffull;  // unsigned long, but the flags fit in 32 bits
  auto exit_signal = static_cast<int>(flags & kCsignal);
  if (exit_signal > kMaxSignal) return -EINVAL;
  // Linux: CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM; a new
  // mount namespace cannot share the fs context, nor a new user namespace.
  constexpr uint64_t kFs = 0x200, kSighand = 0x800, kThread = 0x10000, kNewns = 0x20000,
                     kNewuser = 0x10000000;
  if ((flags & (kNewns | kFs)) == (kNewns | kFs) || (flags & (kNewuser | kFs)) == (kNewuser | kFs))
    return -EINVAL;
  if ((flags & kThread) && !(flags & kSighand)) return -EINVAL;
  if ((flags & kSighand) && !(flags & kCloneVm)) return -EINVAL;
  if (flags & kCloneVm) return -ENOSYS;
  if (flags & ~(kCsignal | kCloneHarmless)) return -ENOSYS;
  return fork_cage(target, exit_signal);
}

}  // namespace lind::rawposix
