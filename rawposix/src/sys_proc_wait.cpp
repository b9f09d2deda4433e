// wait4 (61): reaping zombie children.
//
// Which children: pid > 0 that child; -1 any; 0 any in the caller's
// process group; < -1 any in group -pid. __WCLONE picks the children whose
// exit signal is not SIGCHLD instead, __WALL both. Status word: whatever
// cage_exited recorded, Linux-encoded by lind-boot; with WUNTRACED a child
// that stopped (0x7f | sig << 8, reported once), with WCONTINUED one that
// was continued (0xffff, once). A signal interrupts the wait
// (kRestartSyscall: SA_RESTART restarts it).
#include <climits>
#include <cstring>
#include <mutex>
#include <sys/wait.h>

#include "cage_memory.h"
#include "path.h"
#include "process_table.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

constexpr size_t kRusageSize = 144;  // struct rusage, x86-64: 2 timevals + 14 longs

bool eligible(const Cage& child, int pid, CageId caller_pgid, int options) {
  if (pid > 0) {
    if (child.id != static_cast<CageId>(pid)) return false;
  } else if (pid == 0) {
    if (child.pgid != caller_pgid) return false;
  } else if (pid < -1) {
    if (child.pgid != static_cast<CageId>(-static_cast<int64_t>(pid))) return false;
  }
  if (options & __WALL) return true;
  return (child.exit_signal != SIGCHLD) == static_cast<bool>(options & __WCLONE);
}

}  // namespace

LIND_SYSCALL(wait4) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  int pid = int_arg(a.a[0]);
  uint64_t status_addr = a.a[1];
  int options = int_arg(a.a[2]);
  uint64_t rusage_addr = a.a[3];
  constexpr int kKnown = WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL;
  if (options & ~kKnown) return -EINVAL;
  if (pid == INT_MIN) return -ESRCH;  // as Linux: -INT_MIN is no group

  // Writes the status word and rusage; false if a pointer is bad. Checked
  // before reaping: a bad pointer leaves the child to a later wait (Linux
  // reaps it and then says EFAULT).
  auto report = [&](int word) {
    uint8_t* status = nullptr;
    uint8_t* rusage = nullptr;
    if (status_addr && !(status = CageMemory(a.cage[1]).range(status_addr, sizeof(int)))) return false;
    if (rusage_addr && !(rusage = CageMemory(a.cage[3]).range(rusage_addr, kRusageSize))) return false;
    if (status) std::memcpy(status, &word, sizeof word);
    if (rusage) std::memset(rusage, 0, kRusageSize);  // no per-cage accounting yet
    return true;
  };

  std::unique_lock lock(process_mutex());
  for (;;) {
    bool any = false;
    Cage* zombie = nullptr;
    Cage* changed = nullptr;  // stopped or continued, to report
    for (CageId id : c->children) {
      Cage* ch = find_cage(id);
      if (!ch || !eligible(*ch, pid, c->pgid, options)) continue;
      any = true;
      if (ch->zombie && !pinned_locked(*ch)) {  // pinned: reaped once unpinned
        zombie = ch;  // the oldest child that has exited, as Linux picks
        break;
      }
      if (!changed && (((options & WUNTRACED) && ch->stop_report) ||
                       ((options & WCONTINUED) && ch->continued_report)))
        changed = ch;
    }
    if (!any) return -ECHILD;
    if (zombie) {
      if (!report(zombie->wait_status)) return -EFAULT;
      CageId id = zombie->id;
      reap_locked(*zombie);
      return static_cast<int64_t>(id);
    }
    if (changed) {
      const bool stop = (options & WUNTRACED) && changed->stop_report;
      if (!report(stop ? changed->stop_report : 0xffff)) return -EFAULT;
      if (stop)
        changed->stop_report = 0;
      else
        changed->continued_report = false;
      return static_cast<int64_t>(changed->id);
    }
    if (options & WNOHANG) return 0;
    if (c->interrupt_pending.load(std::memory_order_acquire)) return kRestartSyscall;
    process_changed().wait(lock);
  }
}

}  // namespace lind::rawposix
